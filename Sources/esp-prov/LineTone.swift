/// How the text reporter colours a line on a terminal: said where the line is written, never
/// guessed from its words.
enum LineTone: Sendable {
    case plain
    /// A milestone (green).
    case success
    /// A failure (red).
    case failure
}
