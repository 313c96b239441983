/// One line of `esp-prov doctor`: what was checked, what was found and, when it is broken, what
/// to do. A user reads the text; a CI rig reads the same facts as a `check` JSON event.
struct DoctorCheck: Sendable, Equatable {
    /// A check that could not run (an earlier one failed, or the fact is unreadable without
    /// privileges) is `skipped`: it neither passes nor fails its area.
    enum Outcome: String, Sendable {
        case pass, fail, skipped
    }

    var area: DoctorArea
    /// Stable identifier within the area (`kernel`, `adapter`, `bluetoothd`, …), for scripts.
    var name: String
    var outcome: Outcome
    /// What was found, in words.
    var summary: String
    /// What to do about a failure.
    var fix: String?

    static func pass(_ area: DoctorArea, _ name: String, _ summary: String) -> DoctorCheck {
        DoctorCheck(area: area, name: name, outcome: .pass, summary: summary, fix: nil)
    }

    static func fail(_ area: DoctorArea, _ name: String, _ summary: String, fix: String) -> DoctorCheck {
        DoctorCheck(area: area, name: name, outcome: .fail, summary: summary, fix: fix)
    }

    static func skipped(_ area: DoctorArea, _ name: String, _ summary: String) -> DoctorCheck {
        DoctorCheck(area: area, name: name, outcome: .skipped, summary: summary, fix: nil)
    }
}
