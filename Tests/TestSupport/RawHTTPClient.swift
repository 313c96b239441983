import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A deliberately dumb HTTP/1.1 client on a POSIX socket: the test decides every byte sent and sees
/// every byte received, including "the server closed without answering". Every read has a timeout.
public final class RawHTTPClient {
    public struct Response: Equatable {
        public var head: String
        public var body: [UInt8]

        public var statusLine: String { head.components(separatedBy: "\r\n").first ?? "" }
        public var setCookie: String? {
            head.components(separatedBy: "\r\n").first { $0.hasPrefix("Set-Cookie: ") }.map { String($0.dropFirst(12)) }
        }
    }

    public enum Failure: Error { case socket(String), timeout }

    private let fd: Int32
    private var buffer: [UInt8] = []
    public private(set) var closedByPeer = false

    public init(port: Int, timeout: TimeInterval = 5) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure.socket("socket") }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = LoopbackSocket.address(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            Glibc.close(fd)
            throw Failure.socket("connect: errno \(errno)")
        }
    }

    deinit { Glibc.close(fd) }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw Failure.socket("send: errno \(errno)") }
            offset += sent
        }
    }

    /// Sends a POST the way esp_prov does (minus headers the device ignores).
    public func post(_ path: String, _ body: [UInt8], cookie: String? = nil, contentLength: Int? = nil, method: String = "POST") throws {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(contentLength ?? body.count)\r\n"
        head += "Content-type: application/x-www-form-urlencoded\r\nAccept: text/plain\r\n"
        if let cookie { head += "Cookie: \(cookie)\r\n" }
        try send(Array((head + "\r\n").utf8) + body)
    }

    /// The next response, or nil if the server closed the connection without (completing) one.
    public func readResponse() throws -> Response? {
        while true {
            if let end = headEnd() {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                let length = LoopbackSocket.contentLength(ofHead: head)
                if buffer.count >= end + 4 + length {
                    let body = Array(buffer[(end + 4)..<(end + 4 + length)])
                    buffer.removeFirst(end + 4 + length)
                    return Response(head: head, body: body)
                }
            }
            guard try fill() else { return nil }
        }
    }

    /// POST and read the answer.
    public func exchange(_ path: String, _ body: [UInt8], cookie: String? = nil) throws -> Response? {
        try post(path, body, cookie: cookie)
        return try readResponse()
    }

    /// Waits for the server to close this connection (true) or for the timeout (false).
    public func waitForClose() -> Bool {
        while let more = try? fill() {
            if !more { return true }
        }
        return closedByPeer
    }

    /// Reads more bytes; false on EOF/reset.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            buffer += chunk[..<count]
            return true
        }
        if count == 0 || errno == ECONNRESET {
            closedByPeer = true
            return false
        }
        if errno == EAGAIN || errno == EWOULDBLOCK { throw Failure.timeout }
        throw Failure.socket("recv: errno \(errno)")
    }

    private func headEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4) where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }
}
