import ProvClient
import NIOCore
import NIOHTTP1

/// One HTTP response as the transport needs it.
struct HTTPReply {
    let status: HTTPResponseStatus
    let headers: HTTPHeaders
    let body: [UInt8]
}

/// Why an exchange ended without a reply.
enum HTTPExchangeFailure: Error {
    case closedBeforeResponse
    case timedOut
    case tooLarge(Int)
}

/// Collects the single response to the single request in flight on a keep-alive connection.
/// All methods run on the channel's event loop (hence `@unchecked Sendable`).
final class ResponseCollector: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart

    private let maxBodyBytes: Int
    private var pending: EventLoopPromise<HTTPReply>?
    private var head: HTTPResponseHead?
    private var body: [UInt8] = []

    init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    /// Arms the collector for the next response; call before writing the request.
    func expect(_ promise: EventLoopPromise<HTTPReply>) {
        head = nil
        body = []
        pending = promise
    }

    func fail(_ error: Error) {
        guard let promise = pending else { return }
        pending = nil
        promise.fail(error)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            head = responseHead
        case .body(var buffer):
            guard body.count + buffer.readableBytes <= maxBodyBytes else {
                fail(HTTPExchangeFailure.tooLarge(body.count + buffer.readableBytes))
                context.close(promise: nil)
                return
            }
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let promise = pending, let head else { return }
            pending = nil
            promise.succeed(HTTPReply(status: head.status, headers: head.headers, body: body))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(HTTPExchangeFailure.closedBeforeResponse)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        fail(HTTPExchangeFailure.closedBeforeResponse)
        context.close(promise: nil)
    }
}
