extension SecurityPlan {
    /// Why a plan runs its scheme, as facts; `message(meeting:)` words them for verbose output and
    /// the JSON `security` event.
    public enum Reason: Sendable, Equatable {
        /// The caller named the scheme; `below` is the stronger scheme its credentials imply, when
        /// the named one is weaker (allowed: naming it is the deliberate choice).
        case requested(below: SchemeStrength?)
        /// The device's proto-ver names the scheme.
        case advertised
        /// The device advertises `no_sec`.
        case noSecurity
        /// Neither named a scheme: `assumed` is the guess, `basis` what proto-ver lacked.
        case guessed(GuessBasis, assumed: SecurityVersion)
    }

    /// What proto-ver lacked when the scheme had to be guessed.
    public enum GuessBasis: Sendable, Equatable {
        /// proto-ver answered nothing.
        case emptyProtoVer
        /// proto-ver is a plain version string, not the provisioning manager's JSON.
        case plainVersionString
        /// proto-ver is JSON without a `prov` object.
        case noProvObject
        /// proto-ver's `prov` object has no `sec_ver`.
        case noSecVer

        var wording: String {
            switch self {
            case .emptyProtoVer: return "proto-ver is empty"
            case .plainVersionString: return "proto-ver is a plain version string, not the provisioning manager's JSON"
            case .noProvObject: return "proto-ver has no 'prov' object"
            case .noSecVer: return "device does not advertise sec_ver"
            }
        }
    }
}

extension SecurityPlan.Reason {
    /// The reason in words, followed by the strength the credentials imply (`minimum`) when the
    /// scheme meets it.
    func message(meeting minimum: SchemeStrength?) -> ProvMessage {
        let reason: ProvMessage
        switch self {
        case .requested(nil):
            reason = "\(Remedy.requestedSecurityVersion)"
        case .requested(let implied?):
            reason = "\(Remedy.requestedSecurityVersion), below the \(implied) that \(implied.credentialsWording) implies"
        case .advertised:
            reason = "from the device's proto-ver sec_ver"
        case .noSecurity:
            reason = "device advertises no_sec"
        case .guessed(let basis, .sec2):
            reason = "\(basis.wording); assuming security 2, as \(SchemeStrength.sec2.credentialsWording) implies "
                + "(\(Remedy.chooseSecurityVersion))"
        case .guessed(let basis, _):
            reason = "\(basis.wording); assuming security 1 (\(Remedy.chooseSecurityVersion))"
        }
        guard let minimum else { return reason }
        return "\(reason); meets the \(minimum) that \(minimum.credentialsWording) implies"
    }
}
