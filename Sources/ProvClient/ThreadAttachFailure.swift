import ProvMessages

/// A Thread network the device could not join, as facts a program can act on: the failure the
/// device reported (`failure`, nil when it kept reporting "detached" without one) and the network
/// it was attaching to (`network`, named without its key). `description` words them as esp-prov has
/// always printed them; a front end words the remedies through `rewording(_:)`.
public struct ThreadAttachFailure: FailureFacts, Equatable {
    /// What went wrong while attaching.
    public enum Failure: Sendable, Equatable {
        /// The device reported this failure (`ThreadFailure`) while attaching to `network`.
        case reported(ThreadFailure, network: String)
        /// The device kept reporting "detached" without a reason.
        case staysDetached
        /// Words given by the caller (a front end or a test) instead of facts.
        case described(ProvMessage)
    }

    /// What went wrong.
    public let failure: Failure
    /// The remedies in a front end's words, once it has worded them (`rewording(_:)`).
    public var remedyWording = RemedyWording()

    /// A failure with these facts.
    public init(_ failure: Failure) { self.failure = failure }

    /// A failure described in a front end's (or a test's) own words.
    public init(_ message: ProvMessage) { self.init(.described(message)) }

    /// The caller's own words, when they describe this failure.
    public var describedMessage: ProvMessage? { if case .described(let message) = failure { message } else { nil } }

    /// The facts in esp-prov's words, remedies as values.
    public var neutralMessage: ProvMessage {
        switch failure {
        case .reported(.datasetInvalid, _):
            return "the device rejected the Thread dataset as invalid (Invalid Dataset); "
                + "export it again, e.g. with `ot-ctl dataset active -x` on the border router"
        case .reported(.networkNotFound, let network):
            return "Thread network not found: the device could not attach to \(network) with this dataset; "
                + "check the network key, PAN ID, extended PAN ID and channel, and that a router of the network is in range"
        case .reported(.other(let reason), let network):
            return "the device could not attach to \(network) (failure reason \(reason))"
        case .staysDetached:
            return "the device keeps reporting Thread 'detached' without a reason"
        case .described(let message):
            return message
        }
    }
}
