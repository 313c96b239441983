import Glibc
import Synchronization
import ProvSupport

/// Why an exchange ended without a reply.
enum HTTPExchangeFailure: Error, Equatable {
    /// The device closed the connection (or reset it) before its reply was complete.
    case closedBeforeResponse
    /// No complete reply by the deadline.
    case timedOut
    /// The reply is larger than the transport accepts.
    case tooLarge(Int)
    /// The reply is not HTTP.
    case malformed(String)
}

/// Why a connection could not be opened, in the words of the transport's error.
enum HTTPConnectFailure: Error, Equatable {
    case cannotResolve
    case timedOut
    case refused
    case system(String)
}

/// One TCP connection to the device, in blocking calls that each end by a deadline (`poll(2)` on a
/// non-blocking socket). `HTTPTransport` runs them on its own dispatch queue, one at a time, so
/// the cooperative threads of Swift concurrency never wait on the network; the class is only ever
/// touched from that queue, except `abort()`, which wakes a blocked call from any thread.
final class HTTPConnection: Sendable {
    private let socket: Int32
    /// Guarded so `abort()` from another thread never touches a descriptor number `close()` released.
    private let closed = Mutex(false)
    private var isClosed: Bool { closed.withLock { $0 } }

    private init(socket: Int32) {
        self.socket = socket
    }

    deinit {
        close()
    }

    /// Resolves `host` and connects to the first address that answers by `deadline`.
    static func open(host: String, port: Int, deadline: ContinuousClock.Instant) throws(HTTPConnectFailure) -> HTTPConnection {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { throw .cannotResolve }
        defer { freeaddrinfo(list) }
        var failure = HTTPConnectFailure.cannotResolve
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            entry = address.pointee.ai_next
            do {
                return try connect(to: address.pointee, deadline: deadline)
            } catch {
                failure = error
                if error == .timedOut { break }
            }
        }
        throw failure
    }

    private static func connect(to address: addrinfo, deadline: ContinuousClock.Instant) throws(HTTPConnectFailure) -> HTTPConnection {
        let fd = Glibc.socket(address.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .system(describe(errno)) }
        let connection = HTTPConnection(socket: fd)
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        if Glibc.connect(fd, address.ai_addr, address.ai_addrlen) != 0 {
            guard errno == EINPROGRESS else { throw failure(errno) }
            guard connection.wait(for: Int16(POLLOUT), until: deadline) else { throw .timedOut }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 else { throw failure(errno) }
            guard error == 0 else { throw failure(error) }
        }
        return connection
    }

    /// Whether the device has closed its side (or sent bytes nobody asked for): a request on this
    /// connection would be lost, so the transport opens a new one first.
    var isStale: Bool {
        guard !isClosed else { return true }
        var probe = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&probe, 1, 0) > 0
    }

    /// Sends `bytes` whole by `deadline`.
    func send(_ bytes: [UInt8], deadline: ContinuousClock.Instant) throws(HTTPExchangeFailure) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent > 0 {
                offset += sent
            } else if sent < 0, errno == EAGAIN || errno == EINTR {
                guard wait(for: Int16(POLLOUT), until: deadline) else { throw .timedOut }
            } else {
                throw .closedBeforeResponse
            }
        }
    }

    /// Reads until `parser` has a whole reply, the device closes, or `deadline` passes: the deadline
    /// bounds the whole reply, so a peer that dribbles bytes or sends endless interim (`100 Continue`)
    /// heads or chunk trailers ends by it like a silent one.
    func receive(into parser: inout HTTPReplyParser, deadline: ContinuousClock.Instant) throws(HTTPExchangeFailure) -> HTTPReply {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                let reply: HTTPReply?
                do {
                    reply = try parser.feed(chunk.prefix(count))
                } catch {
                    switch error {
                    case .tooLarge(let size): throw .tooLarge(size)
                    case .malformed(let what): throw .malformed(what)
                    }
                }
                if let reply { return reply }
                guard ContinuousClock.now < deadline else { throw .timedOut }
            } else if count == 0 {
                guard let reply = parser.finish() else { throw .closedBeforeResponse }
                return reply
            } else if errno == EAGAIN || errno == EINTR {
                guard wait(for: Int16(POLLIN), until: deadline) else { throw .timedOut }
            } else {
                throw .closedBeforeResponse
            }
        }
    }

    /// Closes the socket (once).
    func close() {
        closed.withLock { isClosed in
            guard !isClosed else { return }
            isClosed = true
            _ = Glibc.close(socket)
        }
    }

    /// Wakes a `send` or `receive` blocked on another thread (it then fails as closed), e.g. when a
    /// batch's device deadline passes in the middle of a request; `close()` still releases the socket.
    func abort() {
        closed.withLock { isClosed in
            guard !isClosed else { return }
            _ = shutdown(socket, Int32(SHUT_RDWR))
        }
    }

    /// Waits for `events` until `deadline`; false when it passed first.
    private func wait(for events: Int16, until deadline: ContinuousClock.Instant) -> Bool {
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return false }
            let milliseconds = left.pollMilliseconds
            var entry = pollfd(fd: socket, events: events, revents: 0)
            let ready = poll(&entry, 1, milliseconds)
            if ready > 0 { return true }
            if ready < 0, errno != EINTR { return true }  // the next call reports the socket's error
        }
    }

    private static func failure(_ code: Int32) -> HTTPConnectFailure {
        code == ECONNREFUSED ? .refused : .system(describe(code))
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}
