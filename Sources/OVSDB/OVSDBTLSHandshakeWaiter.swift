import NIOCore
import NIOTLS

/// Sits behind the TLS handler until the handshake ends, so `connect` returns a session that is
/// really authenticated (or a decoded failure) instead of a TCP connection that fails on first use.
/// Errors still travel on to `OVSDBMessageHandler`, which ends the session with them.
final class OVSDBTLSHandshakeWaiter: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Succeeds when the handshake completes; fails with the first error, or
    /// `ChannelError.eof` when the server closes before it completed.
    let completed: EventLoopPromise<Void>

    init(completed: EventLoopPromise<Void>) {
        self.completed = completed
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted? = event as? TLSUserEvent { completed.succeed(()) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        completed.fail(error)
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        completed.fail(ChannelError.eof)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        completed.fail(ChannelError.ioOnClosedChannel)
    }
}
