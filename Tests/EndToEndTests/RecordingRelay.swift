import Foundation
import TestSupport

/// A loopback TCP relay that records what the client sends, so a test can read the client's
/// public handshake values off the wire (e.g. the SRP `A`) without any hook in the client.
///
/// One listening socket on an ephemeral port; each accepted connection is paired with a new
/// connection to `targetPort` and pumped both ways on its own threads. `stop()` closes everything.
final class RecordingRelay: @unchecked Sendable {
    let port: Int
    private let targetPort: Int
    private let listener: Int32
    private let lock = NSLock()
    private var sent = Data()
    private var sockets: [Int32] = []
    private var stopped = false

    init(targetPort: Int) throws {
        self.targetPort = targetPort
        (listener, port) = try LoopbackSocket.listen()
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// Everything clients sent so far, concatenated.
    var clientBytes: Data { lock.withLock { sent } }

    /// Bodies of the client's `POST /<endpoint>` requests, in order.
    func requestBodies(endpoint: String) -> [[UInt8]] {
        let bytes = [UInt8](clientBytes)
        let marker = Array("POST /\(endpoint) HTTP/1.1\r\n".utf8)
        var bodies: [[UInt8]] = []
        var index = 0
        while let start = find(marker, in: bytes, from: index) {
            guard let headerEnd = find(Array("\r\n\r\n".utf8), in: bytes, from: start) else { break }
            let head = String(decoding: bytes[start..<headerEnd], as: UTF8.self)
            let length = LoopbackSocket.contentLength(ofHead: head)
            let bodyStart = headerEnd + 4
            guard bodyStart + length <= bytes.count else { break }
            bodies.append(Array(bytes[bodyStart..<bodyStart + length]))
            index = bodyStart + length
        }
        return bodies
    }

    func stop() {
        let all: [Int32] = lock.withLock {
            stopped = true
            defer { sockets = [] }
            return sockets
        }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in all {
            shutdown(fd, Int32(SHUT_RDWR))
            close(fd)
        }
    }

    deinit { stop() }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = LoopbackSocket.address(port: targetPort)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            let keep = lock.withLock { () -> Bool in
                guard !stopped else { return false }
                sockets += [client, upstream]
                return true
            }
            guard keep, connected == 0 else {
                close(client)
                close(upstream)
                continue
            }
            Thread.detachNewThread { [self] in pump(from: client, to: upstream, record: true) }
            Thread.detachNewThread { [self] in pump(from: upstream, to: client, record: false) }
        }
    }

    private func pump(from source: Int32, to destination: Int32, record: Bool) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(source, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            if record { lock.withLock { sent.append(contentsOf: buffer[0..<count]) } }
            var offset = 0
            while offset < count {
                let written = buffer[offset..<count].withUnsafeBytes { send(destination, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard written > 0 else { break }
                offset += written
            }
        }
        // Half-close the other side, unless `stop()` already closed (and the fd number may be reused).
        lock.withLock {
            if !stopped { shutdown(destination, Int32(SHUT_WR)) }
        }
    }

    private func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0] && Array(haystack[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }
}
