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

        var description: String {
            switch self {
            case .reply(let text): return "reply \(text.prefix(40).debugDescription)"
            case .replyAndClose(let text): return "reply \(text.prefix(40).debugDescription), then close"
            case .close: return "close"
            case .silent: return "silent"
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
        defer { close(client) }
        var pending: [UInt8] = []
        var index = 0
        while let request = readRequest(client, &pending) {
            lock.withLock { received.append(request) }
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
            }
            index += 1
        }
    }

    /// One request: the head up to the blank line, then `Content-Length` bytes.
    private func readRequest(_ client: Int32, _ pending: inout [UInt8]) -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = pending.firstRange(of: Array("\r\n\r\n".utf8))?.upperBound {
                let head = String(decoding: pending[..<end], as: UTF8.self)
                let length = LoopbackSocket.contentLength(ofHead: head)
                if pending.count >= end + length {
                    let request = String(decoding: pending[..<(end + length)], as: UTF8.self)
                    pending.removeFirst(end + length)
                    return request
                }
            }
            let count = recv(client, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            pending += buffer[..<count]
        }
    }
}
