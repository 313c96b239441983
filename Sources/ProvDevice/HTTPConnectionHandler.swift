import Foundation
import NIOCore
import NIOHTTP1

/// One TCP connection of the device's HTTP server: routes each request like esp_http_server (404 for
/// an unknown URI, 405 for another method on a registered one, both followed by a close) and hands
/// POSTs to the `HTTPRequestProcessor`. A failed request gets no response: the socket is closed.
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
    private var current: (head: HTTPRequestHead, contentLength: Int?, body: [UInt8], discard: Bool)?
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
            let length = head.headers.first(name: "Content-Length").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            // A body outside 1…4096 is never read: the handler fails on the length alone.
            let acceptable = length.map { (1...HTTPRequestProcessor.maxBodyLength).contains($0) } ?? false
            current = (head, length, [], !acceptable)
        case .body(var buffer):
            guard var request = current, !request.discard else { return }
            if let bytes = buffer.readBytes(length: buffer.readableBytes) { request.body += bytes }
            current = request
        case .end:
            guard let request = current else { return }
            current = nil
            queue.append(route(request.head, contentLength: request.contentLength, body: request.discard ? [] : request.body))
            pump(context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // Unparsable HTTP: esp_http_server gives up on the socket.
        closing = true
        context.close(promise: nil)
    }

    private func route(_ head: HTTPRequestHead, contentLength: Int?, body: [UInt8]) -> Routed {
        let uri = head.uri
        let path = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? uri
        guard path.hasPrefix("/"), endpointNames.contains(String(path.dropFirst())) else {
            return .errorResponse(HTTPResponse.notFound)
        }
        guard head.method == .POST else { return .errorResponse(HTTPResponse.methodNotAllowed) }
        return .post(HTTPDeviceRequest(
            connection: connectionID,
            endpoint: String(uri.dropFirst()),
            cookie: head.headers.first(name: "Cookie"),
            contentLength: contentLength,
            body: body
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
