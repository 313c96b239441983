#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
import ProvSupport
#endif

/// A TCP connection to the enrollee's DPP controller, opened and closed before `DPP_AUTH_INIT
/// tcp_addr=`: the daemon learns "connection refused" at once but only says so in its debug log,
/// so without this a run waits out its whole deadline and ends with "never answered". The
/// controller drops a connection that sends nothing, so the probe leaves no trace.
enum DPPControllerProbe {
    /// What the probe found; only facts the kernel reported, never a guess.
    enum Finding: Equatable {
        /// Something accepted the connection: a controller is listening there.
        case listening
        /// The host answered with a reset: nothing listens on that port.
        case refused
        /// The kernel had no route, or the host is down (errno named).
        case unreachable(String)
        /// No answer within the bound: left for the exchange itself to decide.
        case noAnswer
    }

    /// Connects to `address` (an IPv4 or IPv6 literal) and `port` within `timeout`.
    static func probe(address: String, port: Int, timeout: Duration) -> Finding {
        var hints = addrinfo()
        hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(address, String(port), &hints, &list) == 0, let info = list else { return .noAnswer }
        defer { freeaddrinfo(list) }
        let descriptor = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return .noAnswer }
        defer { close(descriptor) }
        if connect(descriptor, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return .listening }
        guard errno == EINPROGRESS else { return finding(errno: errno) }
        var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        let milliseconds = Int32(clamping: timeout.milliseconds)
        let ready = poll(&poller, 1, max(1, milliseconds))
        guard ready > 0 else { return .noAnswer }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length) == 0 else { return .noAnswer }
        return error == 0 ? .listening : finding(errno: error)
    }

    private static func finding(errno number: Int32) -> Finding {
        switch number {
        case ECONNREFUSED: return .refused
        case EHOSTUNREACH, ENETUNREACH, EHOSTDOWN: return .unreachable(String(cString: strerror(number)))
        default: return .noAnswer
        }
    }
}
