import Foundation

/// The outcome of one doctor run: the lines a user reads, the JSON a rig reads, and the exit
/// status, all from the same checks.
struct DoctorReport {
    var areas: [DoctorArea]
    var checks: [DoctorCheck]

    /// Areas with at least one failed check, in the order they were asked about.
    var failedAreas: [DoctorArea] {
        areas.filter { area in checks.contains { $0.area == area && $0.outcome == .fail } }
    }

    /// nil when everything asked about works; else the first failed area's status.
    var failure: CommandFailure? {
        guard let first = failedAreas.first else { return nil }
        let names = failedAreas.map(\.title).joined(separator: ", ")
        return CommandFailure(first.failureStatus, "doctor: \(names) cannot work on this machine yet (the ✗ lines say what to do)")
    }

    var text: String {
        var lines: [String] = []
        for area in areas {
            lines.append("\(area.title):")
            for check in checks where check.area == area {
                let mark: String
                switch check.outcome {
                case .pass: mark = "✓"
                case .fail: mark = "✗"
                case .skipped: mark = "-"
                }
                lines.append("  \(mark) \(check.summary)" + (check.fix.map { " → \($0)" } ?? ""))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func emit(to lines: JSONLines) {
        for check in checks {
            lines.emit(DoctorEvents.Check(area: check.area.rawValue, check: check.name, outcome: check.outcome.rawValue,
                                          summary: check.summary, fix: check.fix))
        }
        lines.result(failure, DoctorEvents.Result(failedAreas: failedAreas.map(\.rawValue), areas: areas.map(\.rawValue)))
    }
}
