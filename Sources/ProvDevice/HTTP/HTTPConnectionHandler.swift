import Foundation
import NIOCore
import NIOHTTP1

/// One TCP connection of the device's HTTP server: routes each request like esp_http_server (404 for
/// an unknown URI, 405 for another method on a registered one, 414/431/500 for a head over the limits
/// that `HTTPHeadLimiter` reports, each followed by a close) and hands POSTs to the `HTTPRequestProcessor`. A failed request gets no response: the socket is closed.
/// Requests on one connection are answered in order (keep-alive, pipelining tolerated).
final class HTTPConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = ByteBuffer

    private enum Routed {
        /// Reply these bytes, then close.
        case errorResponse([UInt8])
        case post(HTTPDeviceRequest)
    }

    private let processor: HTTPRequestProcessor
    private let registry: ConnectionRegistry
    private let endpointNames: Set<String>
    private var connectionID: CookieSessionBinding.ConnectionID = 0
    /// The POST whose body is being received.
    private var receiving: HTTPDeviceRequest?
    /// The rest of the current request is ignored (it was already answered or failed on its head).
    private var skippingBody = false
    private var queue: [Routed] = []
    private var working = false
    private var closing = false

    init(processor: HTTPRequestProcessor, registry: ConnectionRegistry, endpointNames: [String]) {
        self.processor = processor
        self.registry = registry
        self.endpointNames = Set(endpointNames)
    }

    func channelActive(context: ChannelHandlerContext) {
        connectionID = registry.register(context.channel)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        closing = true
        registry.remove(connectionID)
        let processor = self.processor
        let id = connectionID
        Task { await processor.connectionClosed(id) }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            registry.touch(connectionID)
            switch route(head) {
            case .post(let request) where request.contentLength.map({ (1...HTTPRequestProcessor.maxBodyLength).contains($0) }) == true:
                receiving = request
            case let routed:
                // 404/405, or a body length the handler rejects without reading: decided on the head.
                skippingBody = true
                queue.append(routed)
                pump(context: context)
            }
        case .body(var buffer):
            guard !skippingBody, var request = receiving else { return }
            if let bytes = buffer.readBytes(length: min(buffer.readableBytes, HTTPRequestProcessor.maxBodyLength + 1 - request.body.count)) {
                request.body += bytes
            }
            receiving = request
        case .end:
            if skippingBody {
                skippingBody = false
                return
            }
            guard let request = receiving else { return }
            receiving = nil
            queue.append(.post(request))
            pump(context: context)
        }
    }

    /// A request head over esp_http_server's limits: its error response is queued behind the requests
    /// before it, and nothing after it is read (the limiter forwards no more bytes).
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let exceeded = event as? HTTPHeadLimitExceeded else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        guard !closing else { return }
        queue.append(.errorResponse(exceeded.response))
        pump(context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // Unparsable HTTP: esp_http_server gives up on the socket.
        closing = true
        context.close(promise: nil)
    }

    private func route(_ head: HTTPRequestHead) -> Routed {
        let uri = head.uri
        let path = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? uri
        guard path.hasPrefix("/"), endpointNames.contains(String(path.dropFirst())) else {
            return .errorResponse(HTTPResponse.notFound)
        }
        guard head.method == .POST else { return .errorResponse(HTTPResponse.methodNotAllowed) }
        let length = head.headers.first(name: "Content-Length").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return .post(HTTPDeviceRequest(
            connection: connectionID,
            endpoint: String(uri.dropFirst()),
            cookie: head.headers.first(name: "Cookie"),
            contentLength: length,
            body: []
        ))
    }

    /// Processes the next queued request once the previous one has been answered.
    private func pump(context: ChannelHandlerContext) {
        guard !working, !closing, !queue.isEmpty else { return }
        let next = queue.removeFirst()
        let channel = context.channel
        switch next {
        case .errorResponse(let bytes):
            closing = true
            channel.writeAndFlush(ByteBuffer(bytes: bytes)).whenComplete { _ in channel.close(promise: nil) }
        case .post(let request):
            working = true
            let processor = self.processor
            let promise = context.eventLoop.makePromise(of: [UInt8]?.self)
            promise.completeWithTask { await processor.process(request) }
            let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
            let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
            promise.futureResult.whenSuccess { response in
                let handler = handler.value
                handler.working = false
                guard let response else {
                    handler.closing = true
                    channel.close(promise: nil)  // no response at all (§3.1, §4.1)
                    return
                }
                channel.writeAndFlush(ByteBuffer(bytes: response), promise: nil)
                handler.pump(context: boundContext.value)
            }
        }
    }
}
