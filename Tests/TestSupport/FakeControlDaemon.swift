import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A stand-in control socket for what the real daemons cannot produce here (anything over the
/// air): it answers commands from a script and sends recorded event datagrams to every client
/// that sent `ATTACH`, the way wpa_supplicant does. Also serves hostile replies (oversized,
/// garbage) that a real daemon never sends.
public final class FakeControlDaemon: @unchecked Sendable {
    /// What the fake does for one command: the reply datagram (nil: stay silent) and event
    /// datagrams to send to attached clients right after it, each after `eventDelay`.
    public struct Response: Sendable {
        public var reply: String?
        public var events: [String]
        public init(reply: String?, events: [String] = []) {
            self.reply = reply
            self.events = events
        }
    }

    public let path: String
    private let fd: Int32
    private let handler: @Sendable (String) -> Response
    private let eventDelay: Duration
    private let lock = NSLock()
    private var attached: [Data] = []
    private var received: [String] = []
    private var running = true
    private let finished = DispatchSemaphore(value: 0)

    /// Binds `path` and serves until `stop()`. `ATTACH`/`DETACH` are handled here; everything
    /// else goes to `handler`.
    public init(path: String, eventDelay: Duration = .milliseconds(5), handler: @escaping @Sendable (String) -> Response) throws {
        self.path = path
        self.handler = handler
        self.eventDelay = eventDelay
        unlink(path)
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: Array(path.utf8) + [0])
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard fd >= 0, bound == 0 else { throw Binaries.Failure(description: "fake control socket \(path): \(String(cString: strerror(errno)))") }
        Thread.detachNewThread { [self] in serve() }
    }

    /// Every command received, in order (tests check what the client asked for).
    public var commands: [String] {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    /// How many clients are attached now (0 after a client DETACHed properly).
    public var attachedCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return attached.count
    }

    private func serve() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            lock.lock()
            let keepGoing = running
            lock.unlock()
            guard keepGoing else { break }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            var peer = sockaddr_un()
            var length = socklen_t(MemoryLayout<sockaddr_un>.size)
            let count = withUnsafeMutablePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, &buffer, buffer.count, 0, $0, &length) }
            }
            guard count >= 0 else { continue }
            let peerData = withUnsafeBytes(of: &peer) { Data($0.prefix(Int(length))) }
            let command = String(decoding: buffer[0..<count], as: UTF8.self)
            lock.lock()
            received.append(command)
            lock.unlock()
            switch command {
            case "ATTACH":
                lock.lock()
                attached.append(peerData)
                lock.unlock()
                send("OK\n", to: peerData)
            case "DETACH":
                lock.lock()
                attached.removeAll { $0 == peerData }
                lock.unlock()
                send("OK\n", to: peerData)
            default:
                let response = handler(command)
                if let reply = response.reply { send(reply, to: peerData) }
                for event in response.events {
                    usleep(UInt32(eventDelay.components.attoseconds / 1_000_000_000_000) + UInt32(eventDelay.components.seconds) * 1_000_000)
                    lock.lock()
                    let listeners = attached
                    lock.unlock()
                    for listener in listeners { send(event, to: listener) }
                }
            }
        }
        finished.signal()
    }

    private func send(_ text: String, to peer: Data) {
        let bytes = Array(text.utf8)
        peer.withUnsafeBytes { raw in
            _ = sendto(fd, bytes, bytes.count, Int32(MSG_DONTWAIT), raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
    }

    /// Stops serving and removes the socket file.
    public func stop() {
        lock.lock()
        let wasRunning = running
        running = false
        lock.unlock()
        if wasRunning {
            _ = finished.wait(timeout: .now() + 2)
            close(fd)
            unlink(path)
        }
    }

    deinit { stop() }
}
