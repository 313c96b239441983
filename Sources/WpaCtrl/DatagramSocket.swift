import Foundation
#if canImport(Glibc)
import Glibc
import ProvSupport
#endif

/// One client end of a control socket: a UNIX datagram socket bound to its own pathname (the
/// daemons reply to the sender's address, so an unbound client gets no reply), connected to the
/// daemon's socket. Not thread-safe: one owner at a time. The socket file is removed on `close()`,
/// on deinit, and by the registry if the process is interrupted first.
/// `@unchecked Sendable`: one owner at a time (see above); `fd` and `token` are never touched by two threads at once.
final class DatagramSocket: @unchecked Sendable {
    /// Far above the daemons' own reply buffers (4 KiB typical, a few tens of KiB at most).
    static let maximumDatagram = 1 << 20

    let serverPath: String
    let clientPath: String
    private var fd: Int32
    private let cleanup: CleanupRegistry?
    private var token: CleanupRegistry.Token?

    init(serverPath: String, clientDirectory: String, cleanup: CleanupRegistry?) throws {
        self.serverPath = serverPath
        self.cleanup = cleanup
        let server = try Self.address(serverPath)
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw WpaCtrlError.system(operation: "socket", errno: errno) }
        // wpa_cli's naming (/tmp/wpa_ctrl_<pid>-<n>); a random n needs no process-wide counter.
        clientPath = "\(clientDirectory)/wpa_ctrl_\(getpid())-\(UInt32.random(in: 1...UInt32.max))"
        do {
            try bindClient()
            let path = clientPath
            token = cleanup?.add { unlink(path) }
            try withSockaddr(server) { pointer, length in
                if connect(fd, pointer, length) != 0 { throw WpaCtrlError.connecting(serverPath, errno: errno) }
            }
        } catch {
            close()
            throw error
        }
    }

    private func bindClient() throws {
        let local = try Self.address(clientPath)
        for attempt in 0..<2 {
            let result = withSockaddr(local) { bind(fd, $0, $1) }
            if result == 0 { return }
            // A stale file of a dead process that had our pid: remove it once and retry.
            if errno == EADDRINUSE && attempt == 0 {
                unlink(clientPath)
                continue
            }
            throw WpaCtrlError.system(operation: "bind \(clientPath)", errno: errno)
        }
    }

    /// Sends one datagram (one command).
    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if sent < 0 { throw WpaCtrlError.connecting(serverPath, errno: errno) }
    }

    /// The next datagram, or nil once `deadline` passes. Sized to the datagram (`MSG_PEEK|MSG_TRUNC`),
    /// so long replies are never cut at a fixed buffer.
    func receive(until deadline: ContinuousClock.Instant, command: String) throws -> [UInt8]? {
        while true {
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero { return nil }
            let milliseconds = remaining.pollMilliseconds
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, max(milliseconds, 1))
            if ready < 0 {
                if errno == EINTR { continue }
                throw WpaCtrlError.system(operation: "poll", errno: errno)
            }
            if ready == 0 { continue }
            var probe: UInt8 = 0
            let size = recv(fd, &probe, 1, Int32(MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT))
            if size < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw WpaCtrlError.connecting(serverPath, errno: errno)
            }
            if size > Self.maximumDatagram {
                _ = recv(fd, &probe, 1, Int32(MSG_DONTWAIT))
                throw WpaCtrlError.replyTooLarge(command: command, bytes: size)
            }
            var buffer = [UInt8](repeating: 0, count: max(size, 1))
            let got = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if got < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw WpaCtrlError.connecting(serverPath, errno: errno)
            }
            return Array(buffer[0..<got])
        }
    }

    /// Closes the socket and removes its file; safe to call twice.
    func close() {
        if fd >= 0 {
            Glibc.close(fd)
            fd = -1
        }
        unlink(clientPath)
        if let token { cleanup?.remove(token) }
        token = nil
    }

    deinit { close() }

    private static func address(_ path: String) throws -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { throw WpaCtrlError.pathTooLong(path) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }

    private func withSockaddr<R>(_ address: sockaddr_un, _ body: (UnsafePointer<sockaddr>, socklen_t) throws -> R) rethrows -> R {
        var copy = address
        return try withUnsafePointer(to: &copy) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                try body($0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
    }
}

extension DatagramSocket {
    /// Sends `wire` and returns the first datagram that is not an event (events start with `<N>`
    /// or `IFNAME=`, as wpa_ctrl itself tells them apart), or throws once `timeout` passes.
    func exchange(_ wire: String, command: String, timeout: Duration) throws -> String {
        let deadline = ContinuousClock.now + timeout
        try send(wire)
        while let datagram = try receive(until: deadline, command: command) {
            if Self.isEvent(datagram) { continue }
            return String(decoding: datagram, as: UTF8.self)
        }
        throw WpaCtrlError.timedOut(command: command, after: timeout)
    }

    static func isEvent(_ datagram: [UInt8]) -> Bool {
        datagram.first == UInt8(ascii: "<") || datagram.starts(with: Array("IFNAME=".utf8))
    }
}
