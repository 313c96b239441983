import Foundation
import TestSupport

/// A loopback HTTP server on its own threads that reads each request (head and `Content-Length`
/// body) and answers as `script(connection, request index)` says.
final class ScriptedHTTPServer: @unchecked Sendable {
    enum Action: CustomStringConvertible {
        case reply(String)
        case replyAndClose(String)
        case close
        case silent
        /// Sends the first text, then the second over and over as fast as the client reads, until it
        /// hangs up: interim heads or chunk trailers that never end.
        case flood(String, repeating: String)
        /// Passes the request to the server on this loopback port and its reply back (one upstream
        /// connection per client connection), so a real device answers until the script turns hostile.
        case forward(port: Int)

        var description: String {
            switch self {
            case .reply(let text): return "reply \(text.prefix(40).debugDescription)"
            case .replyAndClose(let text): return "reply \(text.prefix(40).debugDescription), then close"
            case .close: return "close"
            case .silent: return "silent"
            case .flood(let text, _): return "flood after \(text.prefix(40).debugDescription)"
            case .forward(let port): return "forward to \(port)"
            }
        }
    }

    let port: Int
    private let listener: Int32
    private let script: @Sendable (Int, Int) -> Action
    private let lock = NSLock()
    private var received: [String] = []
    private var accepted = 0
    private var open: [Int32] = []

    init(script: @escaping @Sendable (_ connection: Int, _ request: Int) -> Action) throws {
        self.script = script
        (listener, port) = try LoopbackSocket.listen()
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// Every request's head and body, as text, in arrival order.
    var requests: [String] { lock.withLock { received } }
    /// How many connections were accepted.
    var connections: Int { lock.withLock { accepted } }

    func stop() {
        lock.withLock {
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
            for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            let index: Int = lock.withLock {
                accepted += 1
                open.append(client)
                return accepted - 1
            }
            Thread.detachNewThread { [self] in serve(client, connection: index) }
        }
    }

    private func serve(_ client: Int32, connection: Int) {
        var upstream: Int32 = -1
        defer {
            close(client)
            if upstream >= 0 { close(upstream) }
        }
        var pending: [UInt8] = []
        var index = 0
        while let request = readRequest(client, &pending) {
            lock.withLock { received.append(String(decoding: request, as: UTF8.self)) }
            switch script(connection, index) {
            case .reply(let text):
                _ = Array(text.utf8).withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            case .replyAndClose(let text):
                _ = Array(text.utf8).withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                return
            case .close:
                return
            case .silent:
                var byte: UInt8 = 0
                _ = recv(client, &byte, 1, 0)  // until the client gives up and closes
                return
            case .flood(let first, let repeating):
                guard Self.sendAll(client, Array(first.utf8)) else { return }
                let block = Array(String(repeating: repeating, count: max(1, 4096 / max(1, repeating.utf8.count))).utf8)
                while Self.sendAll(client, block) {}
                return
            case .forward(let port):
                if upstream < 0 { upstream = Self.connect(port: port) }
                var upstreamPending: [UInt8] = []
                guard upstream >= 0, Self.sendAll(upstream, request), let reply = readMessage(upstream, &upstreamPending),
                      Self.sendAll(client, reply) else { return }
            }
            index += 1
        }
    }

    private func readRequest(_ client: Int32, _ pending: inout [UInt8]) -> [UInt8]? { readMessage(client, &pending) }

    /// One request or reply: the head up to the blank line, then `Content-Length` bytes.
    private func readMessage(_ client: Int32, _ pending: inout [UInt8]) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = pending.firstRange(of: Array("\r\n\r\n".utf8))?.upperBound {
                let head = String(decoding: pending[..<end], as: UTF8.self)
                let length = LoopbackSocket.contentLength(ofHead: head)
                if pending.count >= end + length {
                    let message = Array(pending[..<(end + length)])
                    pending.removeFirst(end + length)
                    return message
                }
            }
            let count = recv(client, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            pending += buffer[..<count]
        }
    }

    private static func sendAll(_ socket: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { send(socket, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    private static func connect(port: Int) -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return -1 }
        var address = LoopbackSocket.address(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            return -1
        }
        return socket
    }
}
