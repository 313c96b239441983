import Foundation
import ProvBatch
import ProvClient

/// One line of `esp-prov batch`'s JSON-lines report (README, "Batch report"): a `BatchRecord` with
/// the CLI's words for its failure, the exit-status name as `error` and the number as `exit_code`,
/// which only the CLI knows. Codable, so tests and tools read a report back with the same type.
struct BatchReportLine: Sendable, Equatable, Codable {
    var index: Int
    var name: String
    var transport: String
    var service: String
    var outcome: BatchRecord.Outcome
    /// `ExitStatus.name` of the last attempt (`wifi_auth`, `transport`, ...); nil on success.
    var error: String?
    /// The error's human message; nil on success.
    var message: String?
    /// What `esp-prov` alone would have exited with for this device (0 on success).
    var exitCode: Int32
    var attempts: Int
    var seconds: Double
    var ipAddress: String?
    var startedAt: String
    var finishedAt: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case index, name, transport, service, outcome, error, message
        case exitCode = "exit_code"
        case attempts, seconds
        case ipAddress = "ip"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }

    /// The report line for `record`.
    init(_ record: BatchRecord) {
        index = record.index
        name = record.name
        transport = record.transport
        service = record.service
        outcome = record.outcome
        let status = record.failure.map { ExitStatus(for: $0) }
        error = status?.name
        message = record.failure.map { "\($0.inCLIWords)" }
        exitCode = status?.rawValue ?? 0
        attempts = record.attempts
        seconds = record.seconds
        ipAddress = record.ipAddress
        startedAt = record.startedAt
        finishedAt = record.finishedAt
    }

    /// One compact JSON object with sorted keys, no newline.
    var jsonLine: String { JSONLines.compact(self) ?? "{}" }
}
