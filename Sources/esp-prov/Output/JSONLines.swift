import Foundation

/// `--json` output of any subcommand: one object per line with `event` and `t` (seconds since
/// start), sorted keys, so CI rigs parse outcomes instead of scraping text. The last line a
/// subcommand writes is always `result` (`ok`, `exit_code`, `error`, `message`). The one writer of
/// every `--json` line: events are typed (`JSONEvent`), and `write` is `StandardStream`'s.
final class JSONLines: Sendable {
    private let started = ContinuousClock.now
    private let write: @Sendable (String) -> Void

    init(write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    /// Seconds since this writer was made, to the millisecond.
    var elapsed: Double { Self.rounded((ContinuousClock.now - started).seconds) }

    func emit<Event: JSONEvent>(_ event: Event) {
        guard let line = Self.line(event, t: elapsed) else { return }
        write(line + "\n")
    }

    /// The closing `result` line for a failure (nil: success) plus the subcommand's own fields.
    func result(_ failure: CommandFailure?, _ fields: any JSONFields = ResultEvent.Nothing()) {
        emit(ResultEvent(failure, fields))
    }

    /// One compact object, sorted keys (byte order; every key is snake_case ASCII, where this is
    /// the order JSONSerialization wrote before), `/` unescaped, no newline.
    static func line<Event: JSONEvent>(_ event: Event, t: Double) -> String? {
        compact(Line(event: event, t: t))
    }

    /// Any value as one such object (nil: not encodable, e.g. a NaN): the `--json` lines and
    /// `batch`'s report lines are formatted here alone.
    static func compact(_ value: some Encodable) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    /// The event's fields plus `event` and `t`, in one object.
    private struct Line<Event: JSONEvent>: Encodable {
        let event: Event
        let t: Double

        func encode(to encoder: Encoder) throws {
            try event.encode(to: encoder)
            var container = encoder.container(keyedBy: JSONKey.self)
            try container.encode(Event.name, forKey: JSONKey("event"))
            try container.encode(t, forKey: JSONKey("t"))
        }
    }
}
