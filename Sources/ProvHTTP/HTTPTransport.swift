import ProvClient
import NIOCore
import NIOHTTP1
import NIOPosix

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
public actor HTTPTransport: ProvTransport {
    /// HTTP: scans page 100 results and group channels (the SoftAP must keep our link alive).
    public nonisolated let kind = TransportKind.http
    /// Unknown until asked: an unregistered endpoint only shows as a 404.
    public nonisolated var knownEndpoints: [String]? { get async { nil } }

    private let options: HTTPTransportOptions
    private let group: EventLoopGroup
    private let ownsGroup: Bool
    private let log: @Sendable (String) -> Void
    private var channel: Channel?
    private var collector: ResponseCollector?
    private var cookie: String?
    private var connections = 0

    /// Pass `group` to share event loops (batches); otherwise the transport owns one thread.
    public init(options: HTTPTransportOptions, group: EventLoopGroup? = nil, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.options = options
        self.group = group ?? MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.ownsGroup = group == nil
        self.log = log
    }

    /// One POST on the kept-alive connection, reconnecting only before a request, never after sending.
    public func exchange(_ endpoint: String, _ request: [UInt8]) async throws -> [UInt8] {
        let reconnected = try await ensureConnection()
        guard let channel, let collector else { throw ProvError.internalError("HTTP connection missing") }
        let reply: HTTPReply
        do {
            reply = try await send(endpoint, request, on: channel, collector: collector)
        } catch let failure as HTTPExchangeFailure {
            await drop(channel)
            switch failure {
            case .closedBeforeResponse where reconnected && cookie != nil:
                throw ProvError.transport(
                    "the connection dropped, and after reconnecting the device no longer knows this session "
                        + "(it may have restarted or served another client); run esp-prov again")
            case .closedBeforeResponse:
                throw ProvError.closedWithoutResponse(endpoint: endpoint)
            case .timedOut:
                throw ProvError.timeout(
                    "no answer from \(options.address) to '\(endpoint)' within \(options.requestTimeout.seconds) s")
            case .tooLarge(let size):
                throw ProvError.protocolViolation("reply to '\(endpoint)' exceeds \(options.maxResponseBytes) bytes (\(size) so far)")
            }
        }
        log("POST /\(endpoint) (\(request.count) bytes) -> \(reply.status.code) (\(reply.body.count) bytes)")
        try remember(cookieFrom: reply.headers, reconnected: reconnected)
        switch reply.status {
        case .ok:
            return reply.body
        case .notFound:
            throw ProvError.endpointNotFound(endpoint)
        default:
            throw ProvError.transport("Server responded with error code \(reply.status.code) to '\(endpoint)'")
        }
    }

    /// Closes the connection and, when it owns it, the event loop group.
    public func close() async {
        if let channel { await drop(channel) }
        if ownsGroup { try? await group.shutdownGracefully() }
    }

    /// Opens the connection when there is none or the device closed it; true when this re-opened a link.
    private func ensureConnection() async throws -> Bool {
        if let channel, channel.isActive { return false }
        if let channel { await drop(channel) }
        let isReconnect = connections > 0
        if isReconnect { log("connection to \(options.address) was closed; reconnecting\(cookie == nil ? "" : " with the session cookie")") }
        let limit = options.maxResponseBytes
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(options.connectTimeout))
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ResponseCollector(maxBodyBytes: limit))
                }
            }
        do {
            let channel = try await bootstrap.connect(host: options.address.host, port: options.address.port).get()
            self.collector = try await channel.pipeline.handler(type: ResponseCollector.self).get()
            self.channel = channel
        } catch {
            throw ProvError.transport(
                "cannot connect to \(options.address): \(describeConnectError(error)); "
                    + "\(Remedy.checkServiceAddress) and that this machine is on the device's network")
        }
        connections += 1
        return isReconnect
    }

    private func send(_ endpoint: String, _ body: [UInt8], on channel: Channel, collector: ResponseCollector) async throws -> HTTPReply {
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/\(endpoint)")
        head.headers.add(name: "Host", value: options.address.hostHeader)
        head.headers.add(name: "Accept-Encoding", value: "identity")
        head.headers.add(name: "Content-Length", value: String(body.count))
        head.headers.add(name: "Content-type", value: "application/x-www-form-urlencoded")
        head.headers.add(name: "Accept", value: "text/plain")
        if let cookie { head.headers.add(name: "Cookie", value: cookie) }
        let buffer = channel.allocator.buffer(bytes: body)
        let timeout = TimeAmount(options.requestTimeout)
        let promise = channel.eventLoop.makePromise(of: HTTPReply.self)
        channel.eventLoop.execute {
            collector.expect(promise)
            let timer = channel.eventLoop.scheduleTask(in: timeout) {
                collector.fail(HTTPExchangeFailure.timedOut)
                channel.close(promise: nil)
            }
            promise.futureResult.whenComplete { _ in timer.cancel() }
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            channel.write(HTTPClientRequestPart.body(.byteBuffer(buffer)), promise: nil)
            channel.writeAndFlush(HTTPClientRequestPart.end(nil)).whenFailure { _ in
                collector.fail(HTTPExchangeFailure.closedBeforeResponse)
            }
        }
        return try await promise.futureResult.get()
    }

    /// Keeps exactly `session=<n>` from `Set-Cookie`: anything else echoed back would make the
    /// device start a new session and drop ours (docs/protocol.md §8.7).
    private func remember(cookieFrom headers: HTTPHeaders, reconnected: Bool) throws {
        guard let value = headers["Set-Cookie"].first else { return }
        let pair = value.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard pair.hasPrefix("session="), pair.count > "session=".count else {
            log("ignoring unexpected Set-Cookie from the device")
            return
        }
        if let cookie, cookie != pair {
            log("device started a new HTTP session (\(reconnected ? "after reconnecting" : "cookie changed"))")
        }
        cookie = pair
    }

    private func drop(_ channel: Channel) async {
        if self.channel === channel {
            self.channel = nil
            self.collector = nil
        }
        try? await channel.close()
    }

    private nonisolated func describeConnectError(_ error: Error) -> String {
        switch error {
        case ChannelError.connectTimeout:
            return "no answer within \(options.connectTimeout.seconds) s"
        case let failure as NIOConnectionError where failure.connectionErrors.isEmpty:
            return "cannot resolve the host name"
        case let failure as NIOConnectionError:
            return failure.connectionErrors.map { describeConnectError($0.error) }.first ?? "\(failure)"
        case let failure as IOError where failure.errnoCode == ECONNREFUSED:
            return "connection refused"
        case let failure as IOError:
            return String(cString: strerror(failure.errnoCode)).lowercased()
        default:
            return "\(error)"
        }
    }
}

extension TimeAmount {
    /// NIO's timers take `TimeAmount`; the public API speaks `Duration`, converted here only.
    init(_ duration: Duration) {
        self = .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}

import Foundation
