import Foundation
import ProvClient

/// A transport whose device answers are the fuzzer's bytes, in order; when they run out, the
/// device "closes the connection", as a real one does on failure.
public final class ScriptedTransport: ProvTransport, @unchecked Sendable {
    public let kind: TransportKind
    public var knownEndpoints: [String]? { get async { nil } }
    private let lock = NSLock()
    private var replies: [[UInt8]]

    public init(kind: TransportKind = .http, replies: [[UInt8]]) {
        self.kind = kind
        self.replies = replies
    }

    public func exchange(_ endpoint: String, _ request: [UInt8]) async throws -> [UInt8] {
        let next: [UInt8]? = lock.withLock { replies.isEmpty ? nil : replies.removeFirst() }
        guard let next else { throw ProvError.closedWithoutResponse(endpoint: endpoint) }
        return next
    }

    public func close() async {}
}
