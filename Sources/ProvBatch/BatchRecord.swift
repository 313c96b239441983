import ProvClient
import Foundation

/// What happened to one device of a batch: one line of the JSON-lines report.
///
/// Built only from public facts (name, service, error code and message, timings, the address the
/// device got), so a report can be archived as a CI artifact: it never holds a secret.
public struct BatchRecord: Sendable, Equatable, Codable {
    public enum Outcome: String, Sendable, Codable {
        case provisioned
        case failed
    }

    /// Position in the manifest (0-based); lines are written as devices finish.
    public var index: Int
    public var name: String
    public var transport: String
    public var service: String
    public var outcome: Outcome
    /// `ProvError.code` of the last attempt (`wifi_auth`, `transport`, ...); nil on success.
    public var error: String?
    /// The error's human message; nil on success.
    public var message: String?
    /// What `esp-prov` alone would have exited with for this device (0 on success).
    public var exitCode: Int32
    public var attempts: Int
    /// Wall time from the first attempt to the outcome, retries and waits included.
    public var seconds: Double
    /// The IPv4 address the device reported once connected.
    public var ipAddress: String?
    /// ISO 8601 UTC times the device got and released its slot.
    public var startedAt: String
    public var finishedAt: String

    enum CodingKeys: String, CodingKey {
        case index, name, transport, service, outcome, error, message
        case exitCode = "exit_code"
        case attempts, seconds
        case ipAddress = "ip"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }

    public init(
        device: BatchDevice, error: ProvError?, attempts: Int, ipAddress: String?, started: Date, finished: Date
    ) {
        index = device.index
        name = device.name
        transport = device.transport.name
        service = device.service
        outcome = error == nil ? .provisioned : .failed
        self.error = error?.code
        message = error.map { "\($0)" }
        exitCode = error?.exitCode ?? 0
        self.attempts = attempts
        seconds = (finished.timeIntervalSince(started) * 1000).rounded() / 1000
        self.ipAddress = ipAddress
        startedAt = Self.timestamp(started)
        finishedAt = Self.timestamp(finished)
    }

    /// One compact JSON object with sorted keys, no newline.
    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Parses the timestamps this type writes.
    public static func date(_ timestamp: String) -> Date? { formatter().date(from: timestamp) }

    private static func timestamp(_ date: Date) -> String { formatter().string(from: date) }

    private static func formatter() -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
