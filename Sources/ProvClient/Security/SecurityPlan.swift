import ProvCrypto

/// The one place that decides which security scheme and sec2 IV mode a run uses, from what the
/// user asked for and what `proto-ver` says (docs/protocol.md §1.3, §7, §8.1).
public struct SecurityPlan: Sendable, Equatable {
    /// The scheme to run.
    public let version: SecurityVersion
    /// Why this scheme, as facts.
    public let why: Reason
    /// `why` in words, its remedies as values until a front end words them (`rewordingRemedies`).
    public private(set) var reasonMessage: ProvMessage
    /// `reasonMessage` as text, for verbose output and the JSON `security` event.
    public var reason: String { reasonMessage.description }
    /// For sec2: the IV mode `sec_patch_ver` implies (the nonce length is checked again later).
    public let ivMode: GCMIVMode
    /// For sec1: whether the device wants a PoP (it advertises `no_pop` when it does not).
    public let needsProofOfPossession: Bool
    /// Whether neither the user nor the device named the scheme, so a failed handshake may just mean
    /// the guess was wrong (error messages then say so).
    public let isGuess: Bool

    /// The weakest scheme the caller's credentials allow (`SchemeStrength(impliedBy:)`); nil when
    /// they held none, or when the caller named the scheme itself.
    public let minimum: SchemeStrength?

    /// Throws when the user's choice contradicts what the device advertises, and when the device
    /// offers a weaker scheme than `credentials` imply and the caller did not name the scheme: the
    /// device may be an impostor, so nothing is sent to it (issue 22 item 1).
    public init(requested: SecurityVersion?, device info: DeviceInfo, credentials: CredentialCandidates = .none) throws {
        let advertised = info.securityVersion.flatMap(SecurityVersion.init(rawValue:))
        let floor = requested == nil ? SchemeStrength(impliedBy: credentials) : nil
        switch (requested, advertised) {
        case (let asked?, let device?) where asked != device:
            throw ProvError.invalid(.securityVersion(requested: asked, device: device))
        case (let asked?, _):
            version = asked
            let implied = SchemeStrength(impliedBy: credentials)
            let offered = SchemeStrength(asked, proofOfPossession: !info.has("no_pop"))
            why = .requested(below: implied.flatMap { offered < $0 ? $0 : nil })
        case (nil, let device?):
            version = device
            why = .advertised
        case (nil, nil):
            if info.has("no_sec") {
                version = .sec0
                why = .noSecurity
            } else {
                let basis: GuessBasis
                if !info.isJSON && info.version == nil {
                    basis = .emptyProtoVer
                } else if !info.isJSON {
                    basis = .plainVersionString
                } else if info.version == nil {
                    basis = .noProvObject
                } else {
                    basis = .noSecVer
                }
                // no_pop is a security 1 capability: only a device that gives no hint is assumed to speak sec2.
                version = floor == .sec2 && !info.has("no_pop") ? .sec2 : .sec1
                why = .guessed(basis, assumed: version)
            }
        }
        isGuess = requested == nil && advertised == nil && version != .sec0
        ivMode = (info.securityPatchVersion ?? 0) >= 1 ? .counter : .staticIV
        needsProofOfPossession = version == .sec1 && !info.has("no_pop")
        minimum = floor
        if let floor {
            let offered = SchemeStrength(version, proofOfPossession: needsProofOfPossession)
            guard offered >= floor else {
                throw ProvError.authentication(
                    AuthenticationFailure(.weakerThanImplied(offered: offered, floor: floor, version: version)))
            }
        }
        reasonMessage = why.message(meeting: floor)
    }
}

extension SecurityPlan {
    /// This plan with the remedies in `reason` in a front end's words (the CLI names `--sec_ver`).
    public func rewordingRemedies(_ words: (Remedy) -> String) -> SecurityPlan {
        var plan = self
        plan.reasonMessage = reasonMessage.rewording(words)
        return plan
    }
}

extension ProvError {
    /// A missing secret or a refused handshake under a guessed scheme: say that it was a guess, and why.
    func explainingGuess(_ plan: SecurityPlan) -> ProvError {
        switch self {
        case .usage(let message): return .usage("\(message); \(plan.reasonMessage)")
        case .missing(let input, nil): return .missing(input, guess: plan)
        case .authentication(let failure): return .authentication(failure.explaining(plan))
        default: return self
        }
    }
}
