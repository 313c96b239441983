import NIOCore
import UntrustedJSON

/// Reads the server's byte stream on the event loop: frames messages, answers `echo` (the server's
/// keep-alive: an unanswered echo makes ovsdb-server drop the connection), and hands replies and
/// notifications to the inbox in the order they arrived. A malformed message ends the connection:
/// after one, nothing later on the stream can be trusted to line up.
final class OVSDBMessageHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var framer: JSONMessageFramer
    private let inbox: OVSDBInbox
    private let endpoint: String
    private var failed = false

    /// `endpoint` names the server in a decoded TLS failure (TLS 1.3 servers reject a client
    /// certificate after the client's side of the handshake is done, so it arrives here).
    init(inbox: OVSDBInbox, limit: Int, endpoint: String) {
        self.inbox = inbox
        self.endpoint = endpoint
        self.framer = JSONMessageFramer(limit: limit)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        let buffer = unwrapInboundIn(data)
        do {
            for message in try framer.append(buffer.readableBytesView) {
                guard let json = JSON.parse(message) else { throw OVSDBError.malformed("the server sent text that is not JSON") }
                try handle(json, context: context)
            }
        } catch let error as OVSDBError {
            fail(error, context: context)
        } catch {
            fail(.malformed("\(error)"), context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        inbox.end(framer.hasPartialMessage ? .malformed("the connection closed in the middle of a message") : nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        fail(OVSDBError.tls(error, endpoint: endpoint, duringHandshake: false) ?? .closed(waitingFor: "a reply (\(error))"),
             context: context)
    }

    private func handle(_ message: JSON, context: ChannelHandlerContext) throws {
        guard let members = message.objectValue else { throw OVSDBError.malformed("a message is not an object") }
        if let method = members["method"], !method.isNull {
            guard case .string(let name) = method, case .array(let params)? = members["params"] else {
                throw OVSDBError.malformed("a request without a method name or params array")
            }
            if name == "echo", let id = members["id"], !id.isNull {
                let reply: JSON = ["id": id, "result": .array(params), "error": .null]
                var buffer = context.channel.allocator.buffer(capacity: 64)
                buffer.writeBytes(try reply.encoded())
                context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
            } else {
                inbox.deliverNotification(.init(method: name, params: params))
            }
            return
        }
        guard case .integer(let id)? = members["id"] else { return }  // not an id this client sends: ignore
        let error = members["error"] ?? .null
        if error.isNull {
            inbox.deliverReply(id: id, .success(members["result"] ?? .null))
        } else {
            let text = error.stringValue ?? error["error"]?.stringValue ?? "an error the server did not name"
            inbox.failReply(id: id) { .rpcError(method: $0, error: text) }
        }
    }

    private func fail(_ error: OVSDBError, context: ChannelHandlerContext) {
        guard !failed else { return }
        failed = true
        inbox.end(error)
        context.close(promise: nil)
    }
}
