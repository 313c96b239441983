import ProvClient

/// One device (or the shared `wifi` block) as written in a manifest, before validation: text
/// fields by key, and where it came from so every problem can name its line or index.
struct ManifestEntry: Sendable {
    let index: Int
    /// `devices[3]`, `wifi` or `line 5`.
    let location: String
    /// Present, non-empty values only (an empty CSV cell or a JSON null is "not given").
    let fields: [String: String]

    func problem(_ message: ProvMessage) -> ManifestProblem {
        ManifestProblem(location: location, message: message)
    }
}

/// One thing wrong with a manifest, located. Never quotes a secret.
public struct ManifestProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// `devices[3]`, `line 5`, `wifi`, or empty for the manifest as a whole.
    public let location: String
    /// What is wrong, in words a user can act on, its remedies as values; never quotes a secret.
    public let message: ProvMessage

    /// Public so callers that validate their own device lists can report the same way.
    public init(location: String, message: ProvMessage) {
        self.location = location
        self.message = message
    }

    /// `location: message`, one line per problem in the CLI's output: the manifest's own text in it
    /// (keys, column names, paths, SSIDs) is escaped as device text is, so a value cannot add lines
    /// or send escape sequences to the terminal.
    public var description: String { printableMessage.description }

    /// `location: message` with the manifest's text escaped and the remedies still values, for a
    /// front end to word.
    public var printableMessage: ProvMessage {
        (location.isEmpty ? message : "\(location): \(message)").mappingText(printableDeviceText)
    }
}

/// Everything wrong with a manifest, found before any device is contacted.
public struct ManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// All of them, so one run of the validator shows every mistake at once.
    public let problems: [ManifestProblem]

    /// Collects the problems of a whole manifest into one error.
    public init(_ problems: [ManifestProblem]) {
        self.problems = problems
    }

    /// One problem on one line; several as an indented list.
    public var description: String { message.description }

    /// The problems as one message, their remedies still values.
    public var message: ProvMessage {
        if problems.count == 1 { return "manifest: \(problems[0].printableMessage)" }
        return problems.reduce("manifest has \(problems.count) problems:") { "\($0)\n  \($1.printableMessage)" }
    }
}
