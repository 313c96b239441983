import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import UntrustedJSON
import ProvSupport

/// One JSON-RPC session with an OVSDB server (RFC 7047): requests with a deadline each, `echo`
/// answered automatically, `update` notifications of monitors queued for `nextUpdate`. Replies
/// are validated before use; a server that sends garbage ends the session with a typed error.
public final class OVSDBConnection: Sendable {
    /// Where this session is connected, for messages and progress output.
    public let endpoint: OVSDBEndpoint
    private let channel: Channel
    private let group: MultiThreadedEventLoopGroup
    private let inbox: OVSDBInbox
    private let ids = NIOLockedValueBox(0)

    private init(endpoint: OVSDBEndpoint, channel: Channel, group: MultiThreadedEventLoopGroup, inbox: OVSDBInbox) {
        self.endpoint = endpoint
        self.channel = channel
        self.group = group
        self.inbox = inbox
    }

    /// Connects within `timeout` (for `ssl:`, the TLS handshake included, with `credentials`, which
    /// `ssl:` requires and the other schemes refuse). `maxMessageBytes` bounds one message from the server.
    public static func connect(
        to endpoint: OVSDBEndpoint, credentials: OVSDBTLSCredentials? = nil, timeout: Duration,
        maxMessageBytes: Int = 16 << 20
    ) async throws -> OVSDBConnection {
        guard endpoint.usesTLS == (credentials != nil) else { throw OVSDBError.tlsCredentialsMismatch(endpoint: endpoint.description) }
        let start = ContinuousClock.now
        let tls = credentials?.context
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let inbox = OVSDBInbox()
        let handshake = NIOLockedValueBox<EventLoopFuture<Void>?>(nil)
        // One pipeline for every scheme: the same framing and message handler, with TLS in front for ssl:.
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeAmount(timeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tls {
                        let waiter = OVSDBTLSHandshakeWaiter(completed: channel.eventLoop.makePromise())
                        handshake.withLockedValue { $0 = waiter.completed.futureResult }
                        // No server name: OVS neither sends SNI for addresses nor checks host names.
                        try pipeline.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: nil))
                        try pipeline.addHandler(waiter)
                    }
                    try pipeline.addHandler(
                        OVSDBMessageHandler(inbox: inbox, limit: maxMessageBytes, endpoint: endpoint.description))
                }
            }
        let channel: Channel
        do {
            switch endpoint {
            case .unix(let path): channel = try await bootstrap.connect(unixDomainSocketPath: path).get()
            case .tcp(let host, let port), .ssl(let host, let port):
                channel = try await bootstrap.connect(host: host, port: port).get()
            }
        } catch {
            try? await group.shutdownGracefully()
            throw Self.connectFailure(error, endpoint: endpoint, timeout: timeout)
        }
        if let completed = handshake.withLockedValue({ $0 }) {
            let remaining = max(timeout - (ContinuousClock.now - start), .zero)
            let expiry = channel.eventLoop.scheduleTask(in: timeAmount(remaining)) {
                channel.pipeline.fireErrorCaught(OVSDBError.tlsHandshakeTimeout(endpoint: endpoint.description, after: timeout))
            }
            do {
                try await completed.get()
                expiry.cancel()
            } catch {
                expiry.cancel()
                try? await channel.close()
                try? await group.shutdownGracefully()
                if let failure = error as? OVSDBError { throw failure }
                throw OVSDBError.tls(error, endpoint: endpoint.description, duringHandshake: true)
                    ?? .tlsHandshakeFailed(endpoint: endpoint.description, reason: OVSDBError.notTLS)
            }
        }
        let connection = OVSDBConnection(endpoint: endpoint, channel: channel, group: group, inbox: inbox)
        if credentials != nil {
            try await connection.confirmAccepted(timeout: max(timeout - (ContinuousClock.now - start), .milliseconds(1)))
        }
        return connection
    }

    /// One `echo` round trip after the TLS handshake. A TLS 1.3 server checks the client's
    /// certificate only after the client's side of the handshake is done, so a rejection (an alert,
    /// or just a close that can swallow the alert) arrives here, where it can still be reported as
    /// what it is rather than as a failure of whatever request came first.
    private func confirmAccepted(timeout: Duration) async throws {
        let name = endpoint.description
        do {
            _ = try await call("echo", [], timeout: timeout)
        } catch let error as OVSDBError {
            await close()
            switch error {
            case .closed:
                throw OVSDBError.tlsRejectedByServer(
                    endpoint: name, alert: "none; it closed the connection right after the handshake, as TLS 1.3 servers do")
            default: throw error
            }
        }
    }

    /// Closes the session and its event loop; safe to call more than once.
    public func close() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }

    /// Sends `method(params)` and returns its `result`, or throws the server's error, a timeout, or
    /// `closed` when the session ends first.
    public func call(_ method: String, _ params: [JSON], timeout: Duration) async throws -> JSON {
        let id = ids.withLockedValue { value -> Int in
            value += 1
            return value
        }
        let request: JSON = ["method": .string(method), "params": .array(params), "id": .integer(id)]
        let bytes = try request.encoded()
        let inbox = self.inbox
        let channel = self.channel
        return try await withCheckedThrowingContinuation { continuation in
            inbox.awaitReply(id: id, method: method, continuation: continuation)
            channel.eventLoop.scheduleTask(in: Self.timeAmount(timeout)) {
                inbox.failReply(id: id) { .timeout(waitingFor: "'\($0)'", after: timeout) }
            }
            var buffer = channel.allocator.buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            channel.writeAndFlush(buffer).whenFailure { _ in
                inbox.failReply(id: id) { .closed(waitingFor: "the reply to '\($0)'") }
            }
        }
    }

    /// `transact` (RFC 7047 §4.1.3): returns one result per operation, or throws
    /// `transactionFailed` naming the first operation the server rejected.
    public func transact(_ database: String, _ operations: [JSON], timeout: Duration) async throws -> [JSON] {
        let reply = try await call("transact", [.string(database)] + operations, timeout: timeout)
        guard let results = reply.arrayValue else { throw OVSDBError.malformed("the transact result is not an array") }
        for (index, result) in results.enumerated() {
            guard let members = result.objectValue else {
                if result.isNull, index < operations.count { continue }  // not executed: an earlier one failed
                throw OVSDBError.malformed("a transact result is not an object")
            }
            if let error = members["error"], !error.isNull {
                let details = members["details"]?.stringValue ?? ""
                throw OVSDBError.transactionFailed(operation: index, error: error.stringValue ?? "\(error)", details: details)
            }
        }
        guard results.count >= operations.count else {
            throw OVSDBError.malformed("the transact result has \(results.count) entries for \(operations.count) operations")
        }
        return Array(results.prefix(operations.count))
    }

    /// `monitor` (RFC 7047 §4.1.5): starts sending `update` notifications for `requests`
    /// (table → monitor request) and returns the rows as they are now.
    public func monitor(_ database: String, id: JSON, requests: [String: JSON], timeout: Duration) async throws -> TableUpdates {
        try TableUpdates(validating: try await call("monitor", [.string(database), id, .object(requests)], timeout: timeout))
    }

    /// The next `update` notification of any monitor of this session, waiting until `deadline`.
    public func nextUpdate(until deadline: ContinuousClock.Instant) async throws -> (monitor: JSON, updates: TableUpdates) {
        while true {
            let notification = try await nextNotification(until: deadline)
            guard notification.method == "update" else { continue }
            guard notification.params.count == 2 else { throw OVSDBError.malformed("an update without two params") }
            return (notification.params[0], try TableUpdates(validating: notification.params[1]))
        }
    }

    private func nextNotification(until deadline: ContinuousClock.Instant) async throws -> OVSDBInbox.Notification {
        let inbox = self.inbox
        let channel = self.channel
        let remaining = max(deadline - .now, .zero)
        return try await withCheckedThrowingContinuation { continuation in
            let token = inbox.awaitNotification(continuation: continuation)
            channel.eventLoop.scheduleTask(in: Self.timeAmount(remaining)) {
                inbox.failNotificationWait(token: token, .timeout(waitingFor: "an update", after: remaining))
            }
        }
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.nanoseconds)
    }

    private static func connectFailure(_ error: Error, endpoint: OVSDBEndpoint, timeout: Duration) -> OVSDBError {
        let name = endpoint.description
        if let ioError = error as? IOError { return failure(errno: ioError.errnoCode, endpoint: name) }
        if let connectionError = error as? NIOConnectionError {
            if let ioError = connectionError.connectionErrors.lazy.compactMap({ $0.error as? IOError }).first {
                return failure(errno: ioError.errnoCode, endpoint: name)
            }
            if connectionError.dnsAError != nil || connectionError.dnsAAAAError != nil {
                return .unreachable(endpoint: name, reason: "the host name does not resolve")
            }
        }
        if let channelError = error as? ChannelError, case .connectTimeout = channelError {
            return .unreachable(endpoint: name, reason: "no answer to the connection within \(timeout)")
        }
        if error is SocketAddressError { return .invalidEndpoint(name) }
        return .unreachable(endpoint: name, reason: "\(error)")
    }

    private static func failure(errno code: Int32, endpoint: String) -> OVSDBError {
        switch code {
        case EACCES, EPERM: return .permissionDenied(endpoint: endpoint)
        case ENOENT: return .unreachable(endpoint: endpoint, reason: "no such socket")
        case ECONNREFUSED: return .unreachable(endpoint: endpoint, reason: "connection refused")
        default: return .unreachable(endpoint: endpoint, reason: String(cString: strerror(code)))
        }
    }
}
