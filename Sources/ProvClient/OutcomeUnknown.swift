/// Secrets reached the device, then the run could not learn how it went, as facts a program can act
/// on: what reached the device (`sent`), why the outcome is unknown (`cause`, which holds the
/// failure behind it with its own facts: a timeout, a damaged reply, a lost link) and what the
/// caller can do (`remedies`). `description` words them as esp-prov has always printed them; a
/// front end words the remedies through `rewording(_:)` and may add its own words (`appending`).
public struct OutcomeUnknown: FailureFacts, Equatable {
    /// Why the outcome is unknown.
    public indirect enum Cause: Sendable, Equatable {
        /// The command that applies the secrets failed this way (the device stopped answering it).
        case applyUnanswered(ProvError)
        /// The device stopped answering status requests this way after the apply; `ssid` is the
        /// Wi-Fi network it was joining (a SoftAP device may have switched channel to join it).
        case statusUnanswered(ProvError, ssid: String?)
        /// The request carrying the secrets went unanswered this way (a timeout): they may be stored.
        case unconfirmed(ProvError)
        /// The run failed this way after the secrets were sent.
        case failedAfterSending(ProvError)
        /// A batch device's deadline of `limit` passed after the credentials were sent.
        case batchDeadline(limit: Duration)
        /// An earlier attempt left the outcome unknown; a later attempt then failed this way.
        case laterAttempt(earlier: OutcomeUnknown, then: ProvError)
        /// Words given by the caller (a front end or a test) instead of facts.
        case described(ProvMessage)
    }

    /// Why the outcome is unknown.
    public let cause: Cause
    /// What reached the device.
    public let sent: SentSecrets
    /// Words a front end added after the library's (for example a hint about its transport).
    public private(set) var appended: ProvMessage?
    /// The remedies in a front end's words, once it has worded them (`rewording(_:)`).
    public var remedyWording = RemedyWording()

    /// The outcome is unknown for `cause` after `sent` reached the device.
    public init(_ cause: Cause, sent: SentSecrets = .wifiCredentials) { (self.cause, self.sent) = (cause, sent) }

    /// An unknown outcome described in a front end's (or a test's) own words.
    public init(_ message: ProvMessage) { self.init(.described(message)) }

    /// The caller's own words, when nothing else (no words a front end appended) describes this failure.
    public var describedMessage: ProvMessage? {
        guard appended == nil, case .described(let message) = cause else { return nil }
        return message
    }

    /// This failure with `words` after the library's.
    public func appending(_ words: ProvMessage) -> OutcomeUnknown {
        var longer = self
        longer.appended = (appended ?? "") + words
        return longer
    }

    /// The facts in esp-prov's words, remedies as values.
    public var neutralMessage: ProvMessage { libraryMessage + (appended ?? "") }

    private var libraryMessage: ProvMessage {
        switch cause {
        case .applyUnanswered(let error):
            return "\(sent == .threadDataset ? "dataset" : "credentials") sent, but the device stopped answering the apply command "
                + "(\(error)): outcome unknown"
        case .statusUnanswered(let error, let ssid):
            let channel: ProvMessage = ssid.map { "; a SoftAP device may have switched channel to join '\($0)'" } ?? ""
            return "\(sent == .threadDataset ? "dataset" : "credentials") applied, outcome unknown: "
                + "the device stopped answering status requests (\(error))" + channel
        case .unconfirmed(let error):
            return "\(sent.wording) were sent, but the device did not confirm them (\(error)): the outcome is unknown"
        case .failedAfterSending(let error):
            return "\(sent.wording) were sent, then: \(error): the outcome is unknown; run esp-prov again to see "
                + "whether the device still provisions (a provisioned device stops answering), or \(Remedy.undoWithReset)"
        case .batchDeadline(let limit):
            return "credentials were sent, then the device did not finish within its deadline of "
                + "\(limit.components.seconds) s: the outcome is unknown"
        case .laterAttempt(let earlier, let failure):
            return "\(earlier.message) (a later attempt: \(failure))"
        case .described(let message):
            return message
        }
    }
}
