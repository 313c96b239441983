/// How much a security scheme protects the credentials sent under it, weakest first: what the
/// downgrade rule compares (docs/protocol.md §1.3). A device may announce any scheme, including an
/// impostor's security 0, so the credentials the caller holds set a floor the device must meet.
public enum SchemeStrength: String, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    /// Security 0: everything in clear.
    case sec0
    /// Security 1 on a device that advertises `no_pop`: encrypted, but to whoever answers.
    case sec1NoPoP = "sec1_no_pop"
    /// Security 1 with a proof of possession.
    case sec1PoP = "sec1_pop"
    /// Security 2 (SRP-6a).
    case sec2

    /// The floor `credentials` imply, weakest first: a PoP means security 1 with that PoP, a sec2
    /// login (either half) means security 2; nil when they hold nothing. A caller holding both
    /// lets the device choose between them, so the weaker of the two is the floor.
    public init?(impliedBy credentials: CredentialCandidates) {
        func held(_ value: String?) -> Bool { value?.isEmpty == false }
        if held(credentials.proofOfPossession) {
            self = .sec1PoP
        } else if held(credentials.username) || held(credentials.password) {
            self = .sec2
        } else {
            return nil
        }
    }

    /// The strength of `version` on a device that does (or does not) want a PoP.
    public init(_ version: SecurityVersion, proofOfPossession: Bool) {
        switch version {
        case .sec0: self = .sec0
        case .sec1: self = proofOfPossession ? .sec1PoP : .sec1NoPoP
        case .sec2: self = .sec2
        }
    }

    /// The security version that gives at least this strength.
    public var version: SecurityVersion {
        switch self {
        case .sec0: return .sec0
        case .sec1NoPoP, .sec1PoP: return .sec1
        case .sec2: return .sec2
        }
    }

    public var description: String {
        switch self {
        case .sec0: return "security 0 (no encryption)"
        case .sec1NoPoP: return "security 1 without a proof of possession (no_pop)"
        case .sec1PoP: return "security 1 with a proof of possession"
        case .sec2: return "security 2"
        }
    }

    /// Which held credentials imply this floor, for messages.
    var credentialsWording: String {
        switch self {
        case .sec2: return "the security 2 username/password given"
        default: return "the proof of possession given"
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
