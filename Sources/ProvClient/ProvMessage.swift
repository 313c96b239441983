/// A library message: neutral prose with the remedies it offers kept as values, not as words to be
/// found again. Written like a string (`"…: \(Remedy.giveSSID)"` stores `.remedy(.giveSSID)`), read
/// neutrally through `description`, and worded by a front end through `rendered(_:)` (the CLI passes
/// esp-prov's `Remedy.flagWording`). No code inspects the prose: decisions use the error's case, its
/// typed facts and `remedies`.
public struct ProvMessage: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// One piece of a message.
    public enum Part: Sendable, Hashable {
        /// Words, neutral or quoted from elsewhere; never searched.
        case text(String)
        /// Advice, worded by whoever shows the message.
        case remedy(Remedy)
    }

    /// The pieces in order; adjacent text is kept as one piece, so equal words compare equal.
    public private(set) var parts: [Part] = []

    /// A message of plain text (for example a transport's or the device's words).
    public init(_ text: String) { append(.text(text)) }

    /// A message of these pieces (a front end building its own, a test).
    public init(parts: [Part]) { parts.forEach { append($0) } }

    /// A literal without interpolations: plain text.
    public init(stringLiteral value: String) { self.init(value) }

    /// A literal with interpolations: remedies stay values (`Interpolation`).
    public init(stringInterpolation: Interpolation) { self.init(parts: stringInterpolation.parts) }

    /// The remedies this message offers, in the order it offers them.
    public var remedies: [Remedy] {
        parts.compactMap { if case .remedy(let remedy) = $0 { return remedy } else { return nil } }
    }

    /// The message with each remedy in `words(remedy)`.
    public func rendered(_ words: (Remedy) -> String) -> String {
        parts.map { part in
            switch part {
            case .text(let text): return text
            case .remedy(let remedy): return words(remedy)
            }
        }.joined()
    }

    /// This message with its remedies already in a front end's words (it then offers none).
    public func rewording(_ words: (Remedy) -> String) -> ProvMessage { ProvMessage(rendered(words)) }

    /// This message with `transform` applied to its text (for example to escape quoted input); the
    /// remedies stay values.
    public func mappingText(_ transform: (String) -> String) -> ProvMessage {
        ProvMessage(parts: parts.map { part in
            guard case .text(let text) = part else { return part }
            return .text(transform(text))
        })
    }

    /// The message in the library's neutral words.
    public var description: String { rendered(\.description) }

    /// One message after the other, as `String`'s `+` joins text.
    public static func + (lhs: ProvMessage, rhs: ProvMessage) -> ProvMessage { ProvMessage(parts: lhs.parts + rhs.parts) }

    private mutating func append(_ part: Part) {
        switch (parts.last, part) {
        case (_, .text("")): break
        case (.text(let previous)?, .text(let text)): parts[parts.count - 1] = .text(previous + text)
        default: parts.append(part)
        }
    }

    /// Builds a message from a literal: a `Remedy`, a `ProvMessage` or a `ProvError` keeps its
    /// remedies as values; anything else is written as string interpolation writes it.
    public struct Interpolation: StringInterpolationProtocol {
        var parts: [Part] = []

        /// Required by the protocol; the capacity hints are not needed for a few pieces.
        public init(literalCapacity: Int, interpolationCount: Int) {}

        /// The literal's own words.
        public mutating func appendLiteral(_ literal: String) { parts.append(.text(literal)) }

        /// A remedy, kept as a value.
        public mutating func appendInterpolation(_ remedy: Remedy) { parts.append(.remedy(remedy)) }

        /// Another message, its remedies kept.
        public mutating func appendInterpolation(_ message: ProvMessage) { parts += message.parts }

        /// An error's message (`ProvError.message`), its remedies kept.
        public mutating func appendInterpolation(_ error: ProvError) { parts += error.message.parts }

        /// Anything else, as `String` interpolation writes it.
        public mutating func appendInterpolation<Value>(_ value: Value) { parts.append(.text(String(describing: value))) }

        /// Warns as a `String` literal does: an optional is written `Optional(…)`, rarely what a message means.
        @available(*, deprecated, message: "an optional is written Optional(...): unwrap it or use String(describing:)")
        public mutating func appendInterpolation<Value>(_ value: Value?) { parts.append(.text(String(describing: value))) }
    }
}
