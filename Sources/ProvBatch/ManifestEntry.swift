import ProvClient

/// One device (or the shared `wifi` block) as written in a manifest, before validation: text
/// fields by key, and where it came from so every problem can name its line or index.
struct ManifestEntry: Sendable {
    let index: Int
    /// `devices[3]`, `wifi` or `line 5`.
    let location: String
    /// Present, non-empty values only (an empty CSV cell or a JSON null is "not given").
    let fields: [String: String]

    func problem(_ message: String) -> ManifestProblem {
        ManifestProblem(location: location, message: message)
    }
}

/// One thing wrong with a manifest, located. Never quotes a secret.
public struct ManifestProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// `devices[3]`, `line 5`, `wifi`, or empty for the manifest as a whole.
    public let location: String
    public let message: String

    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { location.isEmpty ? message : "\(location): \(message)" }
}

/// Everything wrong with a manifest, found before any device is contacted.
public struct ManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    public let problems: [ManifestProblem]

    public init(_ problems: [ManifestProblem]) {
        self.problems = problems
    }

    public var description: String {
        if problems.count == 1 { return "manifest: \(problems[0])" }
        return "manifest has \(problems.count) problems:\n" + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}
