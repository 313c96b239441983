import ProvMessages
import SRP6a

/// A secure session that could not be set up, as facts a program can act on: why (`reason`: a
/// wrong PoP, wrong sec2 credentials, a scheme mismatch, a device that failed to prove itself, …),
/// and, when neither the user nor the device named the scheme, the plan that guessed it (`guess`).
/// `description` words them as esp-prov has always printed them; a front end words the remedies
/// through `rewording(_:)`.
public struct AuthenticationFailure: FailureFacts, Equatable {
    /// A step of a handshake the device can refuse with a status.
    public enum Step: Sendable, Hashable, CustomStringConvertible {
        /// Security 1's first exchange (the X25519 public keys).
        case sec1KeyExchange
        /// Security 1's proof (the client's verify data).
        case sec1Proof
        /// Security 2's first exchange (A, salt and B).
        case srpExchange
        /// Security 2's proof (M1 and the device's M2).
        case srpProof

        /// The step as messages name it.
        public var description: String {
            switch self {
            case .sec1KeyExchange: "the sec1 key exchange"
            case .sec1Proof: "the sec1 proof"
            case .srpExchange: "the SRP-6a exchange"
            case .srpProof: "the SRP-6a proof"
            }
        }
    }

    /// Why the session could not be set up.
    public enum Reason: Sendable, Equatable {
        /// The device answered the handshake as security `answered`, but the session speaks `speaking`.
        case schemeMismatch(answered: Int, speaking: SecurityVersion)
        /// The device answered `step` with a failure `status`.
        case refused(Step, status: Int)
        /// The device's SRP public key B is unusable (`cause`): going on would let it force the key.
        case invalidDevicePublicKey(SRPError)
        /// The device's proof does not match: it does not hold these credentials (sec2) or the
        /// session key (sec1), so it may not be the device the user thinks.
        case deviceProofMismatch(SecurityVersion)
        /// The device offers `offered` (speaking `version`), weaker than the `floor` the credentials imply.
        case weakerThanImplied(offered: SchemeStrength, floor: SchemeStrength, version: SecurityVersion)
        /// The device closed the connection at the handshake's start; `announced` when it announced
        /// this very scheme (so not a mismatch).
        case closedAtStart(SecurityVersion, announced: Bool)
        /// The device closed the connection after our proof: a wrong PoP (sec1) or sec2 login.
        case closedAfterProof(SecurityVersion)
        /// Words given by the caller (a front end or a test) instead of facts.
        case described(ProvMessage)
    }

    /// Why the session could not be set up.
    public let reason: Reason
    /// The plan whose scheme was a guess, when the failure may just mean the guess was wrong.
    public private(set) var guess: SecurityPlan?
    /// The remedies in a front end's words, once it has worded them (`rewording(_:)`).
    public var remedyWording = RemedyWording()

    /// A failure for `reason`.
    public init(_ reason: Reason) { self.reason = reason }

    /// A failure described in a front end's (or a test's) own words.
    public init(_ message: ProvMessage) { self.init(.described(message)) }

    /// This failure explained by the guessed plan's reason.
    func explaining(_ plan: SecurityPlan) -> AuthenticationFailure {
        var explained = self
        explained.guess = plan
        return explained
    }

    /// The caller's own words (with the guess's reason), when they describe this failure.
    public var describedMessage: ProvMessage? {
        guard case .described(let message) = reason else { return nil }
        return guess.map { "\(message); \($0.reasonMessage)" } ?? message
    }

    /// The facts in esp-prov's words, remedies as values.
    public var neutralMessage: ProvMessage {
        if let describedMessage { return describedMessage }
        let message = reasonMessage
        return guess.map { "\(message); \($0.reasonMessage)" } ?? message
    }

    private var reasonMessage: ProvMessage {
        switch reason {
        case .schemeMismatch(let answered, let speaking):
            return "Incorrect security scheme: the device answered the handshake as security \(answered), "
                + "but this session speaks \(speaking) (\(Remedy.checkSecurityVersion) against the device's firmware)"
        case .refused(let step, let status):
            return "device refused \(step) with status \(status)"
        case .invalidDevicePublicKey(let cause):
            return "the device's SRP public key is invalid (\(cause)); refusing to continue"
        case .deviceProofMismatch(.sec1):
            return "Failed to verify device! The device's proof does not match: it may not be the device you think"
        case .deviceProofMismatch:
            return "Failed to verify device proof: the device does not hold the verifier for these credentials"
        case .weakerThanImplied(let offered, let floor, let version):
            return "the device offers \(offered), a weaker scheme than the \(floor) that \(floor.credentialsWording) "
                + "implies: refused before sending anything (an impostor may announce less); if this device really "
                + "uses it, \(Remedy.requestWeakerSecurity) \(version.rawValue) to accept it deliberately"
        case .closedAtStart(let version, announced: true):
            return "device closed the connection at the start of the \(version) handshake, the scheme it "
                + "announces: it rejected our first message or dropped the link"
        case .closedAtStart(let version, announced: false):
            return "device closed the connection at the start of the \(version) handshake: "
                + "does it use another security scheme? (\(Remedy.checkSecurityVersion))"
        case .closedAfterProof(.sec1):
            return "device closed the connection after the proof: wrong PoP?"
        case .closedAfterProof:
            return "device closed the connection after the proof: wrong sec2 username or password?"
        case .described(let message):
            return message
        }
    }
}
