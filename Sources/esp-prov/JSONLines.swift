import Foundation

/// `--json` output of any subcommand: one object per line with `event` and `t` (seconds since
/// start), sorted keys, so CI rigs parse outcomes instead of scraping text. The last line a
/// subcommand writes is always `result` (`ok`, `exit_code`, `error`, `message`).
/// `@unchecked Sendable`: immutable (`started` and the `@Sendable` `write`); it could be checked `Sendable`.
final class JSONLines: @unchecked Sendable {
    private let started = ContinuousClock.now
    private let write: @Sendable (String) -> Void

    init(write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    /// Seconds since this writer was made, to the millisecond.
    var elapsed: Double { Self.rounded((ContinuousClock.now - started).seconds) }

    func emit(_ event: String, _ fields: [String: Any]) {
        var object = fields
        object["event"] = event
        object["t"] = elapsed
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return
        }
        write(String(decoding: data, as: UTF8.self) + "\n")
    }

    /// The closing `result` line for a failure (nil: success) plus the subcommand's own fields.
    func result(_ failure: CommandFailure?, _ fields: [String: Any] = [:]) {
        var object = fields
        object["ok"] = failure == nil
        object["exit_code"] = Int(failure?.status.rawValue ?? 0)
        object["error"] = failure.map { $0.status.name as Any } ?? NSNull()
        object["message"] = failure.map { $0.message as Any } ?? NSNull()
        emit("result", object)
    }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
