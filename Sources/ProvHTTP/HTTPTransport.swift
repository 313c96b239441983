import Dispatch
import ProvClient
import Synchronization

/// Timeouts and limits of the HTTP transport.
public struct HTTPTransportOptions: Sendable {
    /// Where the device listens; the SoftAP default unless the user names another address.
    public var address: ServiceAddress
    /// Short: an unreachable SoftAP should fail fast with advice to join its network.
    public var connectTimeout: Duration
    /// A blocking Wi-Fi scan holds its reply for several seconds; keep this generous.
    public var requestTimeout: Duration
    /// Bounds a reply, so a hostile or broken peer cannot make us buffer without limit.
    public var maxResponseBytes: Int

    /// Defaults fit a real SoftAP device.
    public init(
        address: ServiceAddress = .softAPDefault, connectTimeout: Duration = .seconds(5),
        requestTimeout: Duration = .seconds(30), maxResponseBytes: Int = 64 * 1024
    ) {
        self.address = address
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.maxResponseBytes = maxResponseBytes
    }
}

/// protocomm over HTTP (`--transport softap|httpd`): `POST /<endpoint>` on ONE keep-alive
/// connection, echoing exactly `Cookie: session=<n>` once the device set it (docs/protocol.md §4.1, §8.7–8.9).
///
/// A link found down before a request is re-opened once, with the cookie, so a session survives a
/// dropped socket. A request whose connection closes after it was sent is never re-sent: that is
/// how the device says it failed, and re-sending would desynchronise the session's cipher.
///
/// Plain sockets, no event loop: a run makes a dozen requests in sequence, and SwiftNIO's start-up
/// (its thread, channel pipeline and generic types) cost a sixth of a full run's CPU (issue 15,
/// BENCHMARKS.md). The blocking calls run on the transport's own dispatch queue, each bounded by a
/// deadline, so a batch of devices still runs side by side.
public actor HTTPTransport: ProvTransport {
    /// HTTP: scans page 100 results and group channels (the SoftAP must keep our link alive).
    public nonisolated let kind = TransportKind.http
    /// Unknown until asked: an unregistered endpoint only shows as a 404.
    public nonisolated var knownEndpoints: [String]? { get async { nil } }

    private let options: HTTPTransportOptions
    private let log: @Sendable (String) -> Void
    private let queue = DispatchQueue(label: "esp-prov.http")
    private var connection: HTTPConnection?
    private var cookie: String?
    private var connections = 0

    /// A transport for the device at `options.address`; nothing is connected until the first request.
    public init(options: HTTPTransportOptions, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.options = options
        self.log = log
    }

    /// One POST on the kept-alive connection, reconnecting only before a request, never after sending.
    public func exchange(_ endpoint: String, _ request: [UInt8]) async throws -> [UInt8] {
        let reconnected = try await ensureConnection()
        guard let connection else { throw ProvError.internalError("HTTP connection missing") }
        let reply: HTTPReply
        do {
            reply = try await send(endpoint, request, on: connection)
        } catch let failure as HTTPExchangeFailure {
            drop(connection)
            switch failure {
            case .closedBeforeResponse where reconnected && cookie != nil:
                throw ProvError.transport(TransportFailure(.sessionForgotten))
            case .closedBeforeResponse:
                throw ProvError.closedWithoutResponse(endpoint: endpoint)
            case .timedOut:
                throw ProvError.timeout(TimeoutFailure(
                    .response(endpoint: endpoint, peer: "\(options.address)"), limit: options.requestTimeout, setBy: .httpRequestTimeout))
            case .tooLarge(let size):
                throw ProvError.protocolViolation(ProtocolViolation(
                    .tooLarge(endpoint: endpoint, size: size, limit: options.maxResponseBytes, .httpReply)))
            case .malformed(let what):
                throw ProvError.protocolViolation(ProtocolViolation(.notHTTP(endpoint: endpoint, what: what)))
            }
        }
        if reply.closesConnection { drop(connection) }
        log("POST /\(endpoint) (\(request.count) bytes) -> \(reply.status) (\(reply.body.count) bytes)")
        try remember(cookieFrom: reply, reconnected: reconnected)
        switch reply.status {
        case 200:
            return reply.body
        case 404:
            throw ProvError.endpointNotFound(endpoint)
        default:
            throw ProvError.transport(TransportFailure(.errorStatus(reply.status, endpoint: endpoint)))
        }
    }

    /// Closes the connection, waking a request blocked on it (a cancelled run must not wait out its
    /// request timeout: the transport's queue is busy with that request until it ends).
    public func close() async {
        if let connection {
            connection.abort()
            drop(connection)
        }
    }

    /// Opens the connection when there is none or the device closed it; true when this re-opened a link.
    private func ensureConnection() async throws -> Bool {
        if let connection {
            guard try await onQueue(within: nil, { connection.isStale }) else { return false }
            drop(connection)
        }
        let isReconnect = connections > 0
        if isReconnect { log("connection to \(options.address) was closed; reconnecting\(cookie == nil ? "" : " with the session cookie")") }
        let (host, port, timeout) = (options.address.host, options.address.port, options.connectTimeout)
        let result: Result<HTTPConnection, HTTPConnectFailure>
        do {
            // Bounded here too: a name lookup (getaddrinfo) cannot be interrupted by the deadline it is given.
            result = try await onQueue(within: timeout) {
                do throws(HTTPConnectFailure) {
                    return .success(try HTTPConnection.open(host: host, port: port, deadline: .now + timeout))
                } catch {
                    return .failure(error)
                }
            }
        } catch is LateResult {
            result = .failure(.timedOut)
        }
        switch result {
        case .success(let opened):
            connection = opened
        case .failure(let failure):
            throw ProvError.transport(TransportFailure(.cannotConnect(address: "\(options.address)", cause: cause(of: failure))))
        }
        connections += 1
        return isReconnect
    }

    private func send(_ endpoint: String, _ body: [UInt8], on connection: HTTPConnection) async throws -> HTTPReply {
        var head = "POST /\(endpoint) HTTP/1.1\r\nHost: \(options.address.hostHeader)\r\nAccept-Encoding: identity\r\n"
            + "Content-Length: \(body.count)\r\nContent-type: application/x-www-form-urlencoded\r\nAccept: text/plain\r\n"
        if let cookie { head += "Cookie: \(cookie)\r\n" }
        let request = Array((head + "\r\n").utf8) + body
        let (limit, timeout) = (options.maxResponseBytes, options.requestTimeout)
        return try await onQueue(within: nil) { () throws(HTTPExchangeFailure) -> HTTPReply in
            let deadline = ContinuousClock.now + timeout
            try connection.send(request, deadline: deadline)
            var parser = HTTPReplyParser(maxBodyBytes: limit)
            return try connection.receive(into: &parser, deadline: deadline)
        }
    }

    /// Keeps exactly `session=<n>` from `Set-Cookie`: anything else echoed back would make the
    /// device start a new session and drop ours (docs/protocol.md §8.7).
    private func remember(cookieFrom reply: HTTPReply, reconnected: Bool) throws {
        guard let value = reply.header("Set-Cookie") else { return }
        let pair = value.split(separator: ";", maxSplits: 1).first.map { HTTPReplyParser.trimmed($0) } ?? ""
        guard pair.hasPrefix("session="), pair.count > "session=".count else {
            log("ignoring unexpected Set-Cookie from the device")
            return
        }
        if let cookie, cookie != pair {
            log("device started a new HTTP session (\(reconnected ? "after reconnecting" : "cookie changed"))")
        }
        cookie = pair
    }

    private func drop(_ connection: HTTPConnection) {
        if self.connection === connection { self.connection = nil }
        queue.async { connection.close() }
    }

    /// Runs blocking socket work on the transport's queue. With `within`, the wait ends then even if
    /// the work does not (`LateResult`); the work's own result is then dropped.
    private func onQueue<Value: Sendable, Failure: Error>(
        within bound: Duration?, _ work: @escaping @Sendable () throws(Failure) -> Value
    ) async throws -> Value {
        let once = ResumeOnce<Value>()
        return try await withCheckedThrowingContinuation { continuation in
            once.arm(continuation)
            queue.async { once.resume(with: Result<Value, any Error>(catching: { try work() })) }
            if let bound {
                DispatchQueue.global().asyncAfter(deadline: .now() + bound.seconds) {
                    once.resume(with: .failure(LateResult()))
                }
            }
        }
    }

    private nonisolated func cause(of failure: HTTPConnectFailure) -> TransportFailure.ConnectCause {
        switch failure {
        case .timedOut: return .timedOut(limit: options.connectTimeout)
        case .cannotResolve: return .cannotResolve
        case .refused: return .refused
        case .system(let text): return .system(text)
        }
    }
}

/// The bounded wait of `onQueue(within:)` ended before the work did.
private struct LateResult: Error {}

/// Resumes a continuation exactly once, from whichever of the work and its deadline comes first.
private final class ResumeOnce<Value: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<Value, any Error>?>(nil)

    func arm(_ waiting: CheckedContinuation<Value, any Error>) {
        continuation.withLock { $0 = waiting }
    }

    func resume(with result: Result<Value, any Error>) {
        let pending = continuation.withLock { current -> CheckedContinuation<Value, any Error>? in
            defer { current = nil }
            return current
        }
        pending?.resume(with: result)
    }
}
