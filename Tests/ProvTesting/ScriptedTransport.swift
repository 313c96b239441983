import Foundation
import ProvClient

/// A transport whose device is a closure, recording every request: unit tests check exact bytes
/// with it, and the fuzzers feed their input through it as the device's answers. One copy for both,
/// so the two never drift apart.
public final class ScriptedTransport: ProvTransport, @unchecked Sendable {
    /// The medium it pretends to be (the scan page size depends on it).
    public let kind: TransportKind
    /// Unknown, as over HTTP.
    public var knownEndpoints: [String]? { get async { nil } }
    private let lock = NSLock()
    private var recorded: [(endpoint: String, bytes: [UInt8])] = []
    private let device: (String, [UInt8]) throws -> [UInt8]

    /// Every request sent so far, in order.
    public var requests: [(endpoint: String, bytes: [UInt8])] { lock.withLock { recorded } }

    /// `device` answers each request (or throws, as a failing link does).
    public init(kind: TransportKind = .http, device: @escaping (String, [UInt8]) throws -> [UInt8]) {
        self.kind = kind
        self.device = device
    }

    /// Answers with `replies` in order; when they run out, the device "closes the connection",
    /// as a real one does on failure.
    public convenience init(kind: TransportKind = .http, replies: [[UInt8]]) {
        let queue = ReplyQueue(replies)
        self.init(kind: kind) { endpoint, _ in
            guard let next = queue.next() else { throw ProvError.closedWithoutResponse(endpoint: endpoint) }
            return next
        }
    }

    /// Records the request, then asks the scripted device.
    public func exchange(_ endpoint: String, _ request: [UInt8]) async throws -> [UInt8] {
        lock.withLock { recorded.append((endpoint, request)) }
        return try device(endpoint, request)
    }

    /// Nothing to release.
    public func close() async {}
}

/// The fuzzer's answers, handed out one at a time.
private final class ReplyQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var replies: [[UInt8]]

    init(_ replies: [[UInt8]]) { self.replies = replies }

    func next() -> [UInt8]? { lock.withLock { replies.isEmpty ? nil : replies.removeFirst() } }
}
