/// A failure's typed facts (`TimeoutFailure`, `TransportFailure`, `AuthenticationFailure`, `DeviceRefusal`, …):
/// the facts are stored, the words are made from them (`neutralMessage`), and a front end words the
/// remedies (`rewording(_:)`) without turning the facts into text. A test or a front end may
/// describe a failure in its own words instead (`init(_:)`, a string literal).
public protocol FailureFacts: Sendable, CustomStringConvertible, ExpressibleByStringInterpolation
where StringLiteralType == String, StringInterpolation == ProvMessage.Interpolation {
    /// A failure described in the caller's own words rather than facts.
    init(_ message: ProvMessage)
    /// The caller's own words, when nothing but them describes this failure.
    var describedMessage: ProvMessage? { get }
    /// The facts in the library's words, remedies as values.
    var neutralMessage: ProvMessage { get }
    /// How a front end worded the remedies (`rewording(_:)`).
    var remedyWording: RemedyWording { get set }
}

extension FailureFacts {
    /// A literal: the caller's own words.
    public init(stringLiteral value: String) { self.init(ProvMessage(value)) }

    /// A literal with interpolations: the caller's own words, remedies kept as values.
    public init(stringInterpolation: ProvMessage.Interpolation) { self.init(ProvMessage(stringInterpolation: stringInterpolation)) }

    /// The remedies this failure offers, until a front end has worded them.
    public var remedies: [Remedy] { message.remedies }

    /// What happened and what to do, remedies as values (or in a front end's words after `rewording`).
    public var message: ProvMessage { remedyWording.applied(to: neutralMessage) }

    /// The words esp-prov prints (remedies in neutral words unless reworded).
    public var description: String { message.description }

    /// This failure with its remedies in a front end's words; the facts stay (caller's own words
    /// become plain text, as `ProvMessage.rewording` makes them).
    public func rewording(_ words: (Remedy) -> String) -> Self {
        var worded = describedMessage.map { Self($0.rewording(words)) } ?? self
        worded.remedyWording.record(worded.neutralMessage.remedies, words)
        return worded
    }
}

/// The remedies of a failure's facts in a front end's words, kept beside the facts so that wording
/// them for a user (`ProvError.rewordingRemedies`) does not turn the facts into text.
public struct RemedyWording: Sendable, Hashable {
    private var words: [Remedy: String] = [:]

    /// No remedy worded yet.
    public init() {}

    /// Records `wording` for each of `remedies` not worded yet (so wording twice changes nothing).
    mutating func record(_ remedies: [Remedy], _ wording: (Remedy) -> String) {
        for remedy in remedies where words[remedy] == nil { words[remedy] = wording(remedy) }
    }

    /// `message` with its remedies in the recorded words; unchanged while none are recorded.
    func applied(to message: ProvMessage) -> ProvMessage {
        words.isEmpty ? message : message.rewording { words[$0] ?? $0.description }
    }
}
