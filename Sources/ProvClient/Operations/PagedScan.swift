import ProvMessages
import SwiftProtobuf

/// What the Wi-Fi and the Thread scan of `prov-scan` do not share: their messages. The flow they
/// share (start a blocking scan, poll its status, fetch the results page by page, check every
/// count) is written once, in `Session.pagedScan`.
protocol PagedScanMessages {
    associatedtype Payload: SwiftProtobuf.Message
    associatedtype Entry
    associatedtype Result

    /// Names the scan in messages: `""` for Wi-Fi (esp_prov's words), `"Thread "`.
    static var label: String { get }
    /// Which networks this scan finds (named in a timeout or a refusal).
    static var network: DeviceInfo.Network { get }
    static func start(groupChannels: UInt32) -> Payload
    static func status() -> Payload
    static func page(from start: UInt32, count: UInt32) -> Payload
    /// `(resultCount, scanFinished)`, or nil when the reply carries no status.
    static func scanStatus(of reply: Payload) -> (count: UInt32, finished: Bool)?
    /// The entries of a result reply, or nil when it carries none.
    static func entries(of reply: Payload) -> [Entry]?
    /// One entry, validated.
    static func result(from entry: Entry) throws -> Result
    static func messageType(of payload: Payload) -> Int
    static func succeeded(_ reply: Payload) -> Bool
    static func statusCode(of reply: Payload) -> Int
}

extension Session {
    /// Runs one scan of `Messages` and returns its results in the device's order; at most
    /// `maxStatusPolls` status questions, 0.2 s apart, `pageSize` results per request.
    nonisolated func pagedScan<Messages: PagedScanMessages>(
        _ messages: Messages.Type, pageSize: UInt32, groupChannels: UInt32 = 0, maxStatusPolls: Int,
        log: @Sendable (String) -> Void
    ) async throws -> [Messages.Result] {
        let label = Messages.label
        _ = try await scanExchange(Messages.start(groupChannels: groupChannels), messages)
        var count: UInt32 = 0
        for attempt in 1...maxStatusPolls {
            let reply = try await scanExchange(Messages.status(), messages)
            guard let status = Messages.scanStatus(of: reply) else {
                throw ProvError.protocolViolation(ProtocolViolation(.missingField("status", reply: "\(label)scan status")))
            }
            count = status.count
            if status.finished { break }
            guard attempt < maxStatusPolls else {
                throw ProvError.timeout(TimeoutFailure(.scan(Messages.network)))
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        log("++++ Scan results : \(count)")
        guard count <= 255 else {
            throw ProvError.protocolViolation(ProtocolViolation(.tooManyResults(network: label, count: count, limit: 255)))
        }
        var results: [Messages.Result] = []
        while results.count < Int(count) {
            let size = min(pageSize, count - UInt32(results.count))
            let reply = try await scanExchange(
                Messages.page(from: UInt32(results.count), count: size), messages, allowFailureStatus: true)
            guard let entries = Messages.entries(of: reply) else {
                throw ProvError.protocolViolation(ProtocolViolation(.missingField("results", reply: "\(label)scan result")))
            }
            guard Messages.succeeded(reply), entries.count == Int(size) else {
                throw ProvError.protocolViolation(ProtocolViolation(
                    .resultCountMismatch(network: label, reported: count, returned: results.count + entries.count)))
            }
            for entry in entries { results.append(try Messages.result(from: entry)) }
        }
        return results
    }

    private nonisolated func scanExchange<Messages: PagedScanMessages>(
        _ request: Messages.Payload, _ messages: Messages.Type, allowFailureStatus: Bool = false
    ) async throws -> Messages.Payload {
        let endpoint = "prov-scan"
        let reply = try decodeReply(try await send(endpoint, try encode(request)), as: Messages.Payload.self, from: endpoint)
        try requireReplyType(Messages.messageType(of: reply), answering: Messages.messageType(of: request), endpoint: endpoint)
        if !allowFailureStatus, !Messages.succeeded(reply) {
            throw ProvError.deviceRefused(DeviceRefusal(.scan(Messages.network), status: Messages.statusCode(of: reply)))
        }
        return reply
    }
}
