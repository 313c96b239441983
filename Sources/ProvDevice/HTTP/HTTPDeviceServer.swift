import NIOCore
import NIOHTTP1
import NIOPosix

/// The device's SoftAP-side HTTP server, exactly as protocomm_httpd on esp_http_server (§4.1):
/// `POST /<endpoint>` only, URI ≤ 512 bytes and header lines within 1024 (+1) bytes (`HTTPHeadLimiter`),
/// body 1…4096 bytes, cookie + socket session binding, `Set-Cookie` only on the response that created a
/// session, no response (socket closed) on any failure, `max_open_sockets = 1` with LRU purge, keep-alive. It stops listening by itself when the device's
/// provisioning service stops, as the board's server does.
public actor HTTPDeviceServer {
    public nonisolated let device: VirtualDevice
    private let host: String
    private let requestedPort: Int
    private let maxOpenSockets: Int
    private let processor: HTTPRequestProcessor
    private var group: MultiThreadedEventLoopGroup?
    private var serverChannel: Channel?
    private var registry: ConnectionRegistry?
    private var stopWatcher: Task<Void, Never>?
    private var stopping: Task<Void, Never>?
    /// The bound port once started (useful with port 0).
    public private(set) var port: Int?

    /// - Parameters:
    ///   - host: address to listen on; loopback by default.
    ///   - port: 0 picks an ephemeral port, reported by `start()` and `port`.
    ///   - maxOpenSockets: protocomm's own server uses 1.
    ///   - sessionID: draws new cookie session ids; by default the device's randomness (`esp_random()`).
    public init(
        device: VirtualDevice, host: String = "127.0.0.1", port: Int = 0, maxOpenSockets: Int = 1,
        sessionID: (@Sendable () -> UInt32)? = nil
    ) {
        self.device = device
        self.host = host
        self.requestedPort = port
        self.maxOpenSockets = max(1, maxOpenSockets)
        self.processor = HTTPRequestProcessor(device: device, newSessionID: sessionID ?? device.randomness.sessionID)
    }

    /// Binds and starts serving; a server runs once (after `stop()` make a new one).
    /// - Returns: the bound port.
    @discardableResult
    public func start() async throws -> Int {
        guard stopping == nil else { throw HTTPDeviceServerError.stopped }
        if let port { return port }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let registry = ConnectionRegistry(eventLoop: group.next(), maxOpenSockets: maxOpenSockets)
        let processor = self.processor
        let names = device.endpointNames
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 8)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(HTTPHeadLimiter())
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes))
                    )
                    try channel.pipeline.syncOperations.addHandler(
                        HTTPConnectionHandler(processor: processor, registry: registry, endpointNames: names)
                    )
                }
            }
        let channel: Channel
        do {
            channel = try await bootstrap.bind(host: host, port: requestedPort).get()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        self.group = group
        self.registry = registry
        self.serverChannel = channel
        let bound = channel.localAddress?.port ?? requestedPort
        self.port = bound

        let events = await device.events()
        stopWatcher = Task { [weak self] in
            for await event in events where event == .stopped {
                await self?.stop()
                return
            }
        }
        if await device.stopped { await stop() }
        return bound
    }

    /// Stops listening, closes every connection and releases the event loop. Idempotent; every caller
    /// returns only once everything is released.
    public func stop() async {
        if stopping == nil, let group {
            self.group = nil
            stopWatcher?.cancel()
            stopWatcher = nil
            let channel = serverChannel
            let registry = self.registry
            let processor = self.processor
            serverChannel = nil
            self.registry = nil
            stopping = Task {
                if let channel { try? await channel.close() }
                await processor.drain()  // the in-flight response reaches the loop before it goes away
                if let registry { try? await group.next().submit { registry.closeAll() }.get() }
                try? await group.shutdownGracefully()
            }
        }
        await stopping?.value
    }

    /// Whether the server is listening.
    public var isRunning: Bool { group != nil }
}

/// Why `HTTPDeviceServer.start()` refused.
public enum HTTPDeviceServerError: Error, Equatable, Sendable {
    /// The server was stopped; servers are not restarted.
    case stopped
}
