import ProvClient
import Foundation

/// What happened to one device of a batch, as facts: the CLI renders it as a line of the JSON-lines
/// report (with the exit status it alone knows), so the batch library stays usable without the CLI.
///
/// Built only from public facts (name, service, the typed failure, timings, the address the device
/// got), so a report made from it can be archived as a CI artifact: it never holds a secret.
public struct BatchRecord: Sendable, Equatable {
    /// The two ways a device's run can end: the report's `outcome` field.
    public enum Outcome: String, Sendable, Codable {
        /// The device reported Connected (or Attached).
        case provisioned
        /// Every attempt failed; `error` and `message` say why.
        case failed
    }

    /// Position in the manifest (0-based); records are reported as devices finish.
    public var index: Int
    /// The manifest's name for the device, so a report line points at one board on the rack.
    public var name: String
    /// The transport's name (`softap`, `ble`), as the manifest gave it.
    public var transport: String
    /// The address or BLE name the device was reached at.
    public var service: String
    /// Whether the device ended provisioned.
    public var outcome: Outcome
    /// The error of the last attempt; nil on success. Typed, so callers classify it their own way.
    public var failure: ProvError?
    /// How many times the device was tried (retries of transient failures included).
    public var attempts: Int
    /// Wall time from the first attempt to the outcome, retries and waits included.
    public var seconds: Double
    /// The IPv4 address the device reported once connected.
    public var ipAddress: String?
    /// ISO 8601 UTC times the device got and released its slot.
    public var startedAt: String
    /// See `startedAt`.
    public var finishedAt: String

    /// Records what `BatchRunner` saw for `device`; `failure` nil means provisioned.
    public init(
        device: BatchDevice, error: ProvError?, attempts: Int, ipAddress: String?, started: Date, finished: Date
    ) {
        index = device.index
        name = device.name
        transport = device.transport.name
        service = device.service
        outcome = error == nil ? .provisioned : .failed
        failure = error
        self.attempts = attempts
        seconds = (finished.timeIntervalSince(started) * 1000).rounded() / 1000
        self.ipAddress = ipAddress
        startedAt = Self.timestamp(started)
        finishedAt = Self.timestamp(finished)
    }

    /// Parses the timestamps this type writes, so a report's readers can compute overlaps.
    public static func date(_ timestamp: String) -> Date? { formatter().date(from: timestamp) }

    private static func timestamp(_ date: Date) -> String { formatter().string(from: date) }

    private static func formatter() -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
