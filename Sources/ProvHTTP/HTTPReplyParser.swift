/// One HTTP response as the transport needs it. SPI: public for the fuzz target only.
@_spi(Fuzzing) public struct HTTPReply: Equatable, Sendable {
    /// The status code (200, 404, …).
    public let status: Int
    /// Header fields in the order received, names as the device spelt them.
    public let headers: [(name: String, value: String)]
    /// The body, de-chunked.
    public let body: [UInt8]
    /// The device asked to close the connection after this reply (`Connection: close`, or HTTP/1.0
    /// without keep-alive), so the next request needs a new one.
    public let closesConnection: Bool

    /// The first field named `name`, compared without case (RFC 9110 §5.1).
    public func header(_ name: String) -> String? {
        HTTPReplyParser.values(of: name.lowercased(), in: headers).first
    }

    /// Field by field (tuples have no `==` of their own).
    public static func == (a: HTTPReply, b: HTTPReply) -> Bool {
        a.status == b.status && a.body == b.body && a.closesConnection == b.closesConnection
            && a.headers.map { [$0.name, $0.value] } == b.headers.map { [$0.name, $0.value] }
    }
}

/// Why a reply could not be read.
@_spi(Fuzzing) public enum HTTPReplyError: Error, Equatable {
    /// The body (announced or received) is larger than the transport accepts.
    case tooLarge(Int)
    /// Not HTTP/1.x as RFC 9112 frames it; the text says which part.
    case malformed(String)
}

/// Reads one HTTP/1.1 response from the bytes a device sends, as they arrive: the status line, the
/// header block (at most `maxHeadBytes`), then a body framed by `Content-Length`, by chunks, or by the
/// end of the connection, at most `maxBodyBytes` (RFC 9112 §4–7). The device is untrusted, so every
/// size is bounded before anything is buffered, and anything off the grammar is an error, not a guess.
/// Interim 1xx responses are skipped. ESP-IDF's httpd only ever sends `Content-Length` replies
/// (docs/protocol.md §4.1); the rest is what an app's own server behind the same URIs may send.
@_spi(Fuzzing) public struct HTTPReplyParser {
    /// A bound on the status line and header fields together.
    public static let maxHeadBytes = 16 * 1024

    private let maxBodyBytes: Int
    private var buffer: [UInt8] = []
    private var head: (status: Int, headers: [(name: String, value: String)], closes: Bool)?
    private var framing: Framing?
    private var body: [UInt8] = []

    private enum Framing {
        case length(Int)
        case chunked(ChunkState)
        case untilClose
    }

    private enum ChunkState {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailers
    }

    /// A parser for one reply whose body may hold at most `maxBodyBytes`.
    public init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    /// Takes the next bytes from the socket; returns the reply once it is complete.
    public mutating func feed(_ bytes: some Collection<UInt8>) throws(HTTPReplyError) -> HTTPReply? {
        buffer.append(contentsOf: bytes)
        if head == nil {
            guard try readHead() else { return nil }
        }
        return try readBody()
    }

    /// The connection ended: the reply, if the body runs to the end of the connection; nil when the
    /// device closed before a reply was complete.
    public func finish() -> HTTPReply? {
        guard let head, case .untilClose? = framing else { return nil }
        return HTTPReply(status: head.status, headers: head.headers, body: body, closesConnection: true)
    }

    /// Parses the head once the blank line is in; false while it is not.
    private mutating func readHead() throws(HTTPReplyError) -> Bool {
        let end = Self.find([13, 10, 13, 10], in: buffer)
        guard Self.lineEnd(end, buffer, terminator: 4) <= Self.maxHeadBytes else { throw .malformed("header block longer than \(Self.maxHeadBytes) bytes") }
        guard let end else { return false }
        guard !buffer[..<end].contains(where: { $0 == 0 }) else { throw .malformed("NUL byte in the header block") }
        let lines = Self.lines(buffer[..<end])
        buffer.removeFirst(end + 4)
        guard !lines.contains(where: { $0.utf8.contains(13) || $0.utf8.contains(10) }) else {
            throw .malformed("bare CR or LF in the header block")
        }
        guard let statusLine = lines.first else { throw .malformed("empty status line") }
        let (version, status) = try Self.parseStatusLine(statusLine)
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            headers.append(try Self.parseField(line))
        }
        if status == 101 { throw .malformed("unexpected protocol switch (101)") }
        if status < 200 { return try readHead() }  // an interim reply; the real one follows
        let connection = Self.values(of: "connection", in: headers).map { $0.lowercased() }
        let closes = connection.contains("close") || (version == "HTTP/1.0" && !connection.contains("keep-alive"))
        head = (status, headers, closes)
        framing = try Self.framing(status: status, headers: headers, maxBodyBytes: maxBodyBytes)
        return true
    }

    /// Moves buffered bytes into the body as the framing allows; the reply once it is complete.
    private mutating func readBody() throws(HTTPReplyError) -> HTTPReply? {
        guard let head, let framing else { return nil }
        switch framing {
        case .length(let total):
            let take = min(total - body.count, buffer.count)
            body.append(contentsOf: buffer.prefix(take))
            buffer.removeFirst(take)
            guard body.count == total else { return nil }
        case .untilClose:
            guard body.count + buffer.count <= maxBodyBytes else { throw .tooLarge(body.count + buffer.count) }
            body.append(contentsOf: buffer)
            buffer.removeAll()
            return nil
        case .chunked(let state):
            guard try readChunks(from: state) else { return nil }
        }
        // Bytes after the reply answer no request and are dropped with the parser (HTTPConnection.isStale
        // sees any still unread).
        return HTTPReply(status: head.status, headers: head.headers, body: body, closesConnection: head.closes)
    }

    /// Chunked framing (RFC 9112 §7.1): true once the last chunk and the trailers are in.
    private mutating func readChunks(from start: ChunkState) throws(HTTPReplyError) -> Bool {
        var state = start
        defer { framing = .chunked(state) }
        while true {
            switch state {
            case .size:
                let end = Self.find([13, 10], in: buffer)
                guard Self.lineEnd(end, buffer, terminator: 2) <= 64 else { throw .malformed("chunk size line longer than 64 bytes") }
                guard let end else { return false }
                let line = buffer[..<end]
                let digits = line.prefix { $0 != UInt8(ascii: ";") }.filter { $0 != UInt8(ascii: " ") && $0 != 9 }
                guard !digits.isEmpty, digits.count <= 8, let size = Int(String(decoding: digits, as: UTF8.self), radix: 16) else {
                    throw .malformed("bad chunk size")
                }
                buffer.removeFirst(end + 2)
                guard body.count + size <= maxBodyBytes else { throw .tooLarge(body.count + size) }
                state = size == 0 ? .trailers : .data(remaining: size)
            case .data(let remaining):
                let take = min(remaining, buffer.count)
                body.append(contentsOf: buffer.prefix(take))
                buffer.removeFirst(take)
                guard take == remaining else {
                    state = .data(remaining: remaining - take)
                    return false
                }
                state = .dataEnd
            case .dataEnd:
                guard buffer.count >= 2 else { return false }
                guard buffer[0] == 13, buffer[1] == 10 else { throw .malformed("chunk not followed by CRLF") }
                buffer.removeFirst(2)
                state = .size
            case .trailers:
                let end = Self.find([13, 10], in: buffer)
                guard Self.lineEnd(end, buffer, terminator: 2) <= Self.maxHeadBytes else {
                    throw .malformed("trailer line longer than \(Self.maxHeadBytes) bytes")
                }
                guard let end else { return false }
                buffer.removeFirst(end + 2)
                if end == 0 { return true }
            }
        }
    }

    /// How the body is delimited (RFC 9112 §6.3).
    private static func framing(
        status: Int, headers: [(name: String, value: String)], maxBodyBytes: Int
    ) throws(HTTPReplyError) -> Framing {
        if status == 204 || status == 304 { return .length(0) }
        let codings = values(of: "transfer-encoding", in: headers)
            .flatMap { $0.split(separator: ",") }.map { trimmed($0).lowercased() }
        if let last = codings.last {
            guard last == "chunked" else { throw .malformed("unsupported transfer coding '\(last)'") }
            return .chunked(.size)
        }
        let lengths = Set(values(of: "content-length", in: headers)
            .flatMap { $0.split(separator: ",") }.map { trimmed($0) })
        guard let text = lengths.first else { return .untilClose }
        guard lengths.count == 1, !text.isEmpty, text.count <= 18, text.allSatisfy({ $0.isASCII && $0.isNumber }),
              let length = Int(text) else { throw .malformed("bad Content-Length") }
        guard length <= maxBodyBytes else { throw .tooLarge(length) }
        return .length(length)
    }

    private static func parseStatusLine(_ line: String) throws(HTTPReplyError) -> (version: String, status: Int) {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "HTTP/1.1" || parts[0] == "HTTP/1.0", parts[1].count == 3,
              parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let status = Int(parts[1]), status >= 100 else {
            throw .malformed("not an HTTP/1.x status line")
        }
        return (String(parts[0]), status)
    }

    private static func parseField(_ line: String) throws(HTTPReplyError) -> (name: String, value: String) {
        if line.first == " " || line.first == "\t" { throw .malformed("folded header line") }  // obsolete (RFC 9112 §5.2)
        guard let colon = line.firstIndex(of: ":") else { throw .malformed("header line without a colon") }
        let name = line[..<colon]
        guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else { throw .malformed("bad header name") }
        return (String(name), trimmed(line[line.index(after: colon)...]))
    }

    /// RFC 9110 §5.6.2 token characters.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    /// The values of every field named `name` (lowercase), in order; names compare without case (RFC 9110 §5.1).
    static func values(of name: String, in headers: [(name: String, value: String)]) -> [String] {
        headers.filter { $0.name.lowercased() == name }.map(\.value)
    }

    /// Without the spaces and tabs around it (RFC 9110 §5.6.3 optional whitespace).
    static func trimmed(_ text: some StringProtocol) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(text[first...last])
    }

    /// The head's lines, split at CRLF (a bare CR or LF stays in its line, and is refused there).
    private static func lines(_ bytes: ArraySlice<UInt8>) -> [String] {
        var lines: [String] = []
        var start = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == 13, index + 1 < bytes.endIndex, bytes[index + 1] == 10 {
                lines.append(String(decoding: bytes[start..<index], as: UTF8.self))
                index += 2
                start = index
            } else {
                index += 1
            }
        }
        lines.append(String(decoding: bytes[start..<bytes.endIndex], as: UTF8.self))
        return lines
    }

    /// Where a line ends: where its terminator was found, or, while it is not in yet, the earliest it
    /// can still be (its first bytes may be the buffer's last). A limit is then enforced the same
    /// however the bytes were cut into reads.
    private static func lineEnd(_ found: Int?, _ buffer: [UInt8], terminator: Int) -> Int {
        found ?? max(0, buffer.count - (terminator - 1))
    }

    /// Where `needle` starts in `haystack`, from its start index.
    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return start }
        }
        return nil
    }
}
