@_spi(Fuzzing) import ProvHTTP
import XCTest

/// The HTTP transport's reading of replies: what ESP-IDF's httpd sends, what other servers behind
/// the same URIs may send, and what a hostile or broken peer sends (docs/protocol.md §4.1).
final class HTTPReplyParserTests: XCTestCase {
    private let espReply = Array("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\nSet-Cookie: session=1804289383\r\n\r\nhello".utf8)

    private func parse(_ text: String, limit: Int = 4096) throws -> HTTPReply? {
        var parser = HTTPReplyParser(maxBodyBytes: limit)
        return try parser.feed(Array(text.utf8))
    }

    private func failure(_ text: String, limit: Int = 4096) -> HTTPReplyError? {
        var parser = HTTPReplyParser(maxBodyBytes: limit)
        do {
            _ = try parser.feed(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    func testTheDevicesReplyInOneReadOrByteByByte() throws {
        var whole = HTTPReplyParser(maxBodyBytes: 4096)
        let reply = try XCTUnwrap(try whole.feed(espReply))
        XCTAssertEqual(reply.status, 200)
        XCTAssertEqual(reply.body, Array("hello".utf8))
        XCTAssertEqual(reply.header("set-cookie"), "session=1804289383")
        XCTAssertFalse(reply.closesConnection)

        var slow = HTTPReplyParser(maxBodyBytes: 4096)
        var last: HTTPReply?
        for (index, byte) in espReply.enumerated() {
            last = try slow.feed([byte])
            XCTAssertEqual(last == nil, index < espReply.count - 1, "complete only with the last byte (\(index))")
        }
        XCTAssertEqual(last, reply)
    }

    func testChunkedBodiesAreJoined() throws {
        let reply = try XCTUnwrap(try parse(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0A\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n"))
        XCTAssertEqual(String(decoding: reply.body, as: UTF8.self), "abc0123456789")
        XCTAssertNil(try parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n"), "trailers not ended yet")
    }

    func testInterimRepliesAreSkippedAndCloseIsNoticed() throws {
        let reply = try XCTUnwrap(try parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 2\r\n\r\nno"))
        XCTAssertEqual(reply.status, 404)
        XCTAssertTrue(reply.closesConnection)
        XCTAssertTrue(try XCTUnwrap(try parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")).closesConnection)
        XCTAssertFalse(try XCTUnwrap(try parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n")).closesConnection)
    }

    func testABodyWithoutLengthRunsToTheEndOfTheConnection() throws {
        var parser = HTTPReplyParser(maxBodyBytes: 4096)
        XCTAssertNil(try parser.feed(Array("HTTP/1.1 200 OK\r\n\r\npart".utf8)))
        XCTAssertNil(try parser.feed(Array("ial".utf8)))
        let reply = try XCTUnwrap(parser.finish())
        XCTAssertEqual(reply.body, Array("partial".utf8))
        XCTAssertTrue(reply.closesConnection)

        var cut = HTTPReplyParser(maxBodyBytes: 4096)
        XCTAssertNil(try cut.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\npart".utf8)))
        XCTAssertNil(cut.finish(), "a body cut short by the close is no reply")
    }

    /// A device cannot make the client buffer more than the limit: an announced length is refused
    /// before its body arrives, and chunks and close-delimited bodies as they pass it.
    func testSizesAreBoundedBeforeBuffering() {
        XCTAssertEqual(failure("HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\n\r\n", limit: 65536), .tooLarge(1_048_576))
        XCTAssertEqual(failure("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFF\r\n", limit: 65536), .tooLarge(0xFFFFFF))
        XCTAssertEqual(failure("HTTP/1.1 200 OK\r\n\r\n" + String(repeating: "x", count: 11), limit: 10), .tooLarge(11))
        XCTAssertEqual(failure("HTTP/1.1 200 OK\r\nX: " + String(repeating: "x", count: 20_000)),
                       .malformed("header block longer than 16384 bytes"))
        XCTAssertEqual(failure("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + String(repeating: "0", count: 70)),
                       .malformed("chunk size line longer than 64 bytes"))
    }

    /// Found by FuzzHTTPReply: a 64-byte chunk-size line was refused when it came byte by byte (its CR
    /// counted against the limit) and accepted whole. Limits now give one verdict however a reply is cut.
    func testLimitsDoNotDependOnHowTheReplyIsCut() {
        for line in [String(repeating: "1", count: 64), String(repeating: "1", count: 65)] {
            let reply = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\(line)\r\n".utf8)
            var whole = HTTPReplyParser(maxBodyBytes: 4096)
            var slow = HTTPReplyParser(maxBodyBytes: 4096)
            var verdicts: [HTTPReplyError?] = [nil, nil]
            do { _ = try whole.feed(reply) } catch { verdicts[0] = error }
            do { for byte in reply { _ = try slow.feed([byte]) } } catch { verdicts[1] = error }
            XCTAssertEqual(verdicts[0], verdicts[1], "\(line.count)-byte size line")
            XCTAssertNotNil(verdicts[0])
        }
    }

    func testWhatIsNotHTTPIsRefused() {
        let cases: [(String, String)] = [
            ("HELLO\r\n\r\n", "not an HTTP/1.x status line"),
            ("HTTP/2 200 OK\r\n\r\n", "not an HTTP/1.x status line"),
            ("HTTP/1.1 20 OK\r\n\r\n", "not an HTTP/1.x status line"),
            ("HTTP/1.1 200 OK\r\nContent-Length: 5x\r\n\r\n", "bad Content-Length"),
            ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "bad Content-Length"),
            ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", "bad Content-Length"),
            ("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", "bad header name"),
            ("HTTP/1.1 200 OK\r\nX: a\r\n folded\r\n\r\n", "folded header line"),
            ("HTTP/1.1 200 OK\r\nNoColon\r\n\r\n", "header line without a colon"),
            ("HTTP/1.1 200 OK\r\nX: a\nY: b\r\n\r\n", "bare CR or LF in the header block"),
            ("HTTP/1.1 200 OK\r\nX: a\0\r\n\r\n", "NUL byte in the header block"),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "unsupported transfer coding 'gzip'"),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "bad chunk size"),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nabc", "chunk not followed by CRLF"),
            ("HTTP/1.1 101 Switching Protocols\r\n\r\n", "unexpected protocol switch (101)"),
        ]
        for (text, why) in cases {
            XCTAssertEqual(failure(text), .malformed(why), text.debugDescription)
        }
    }
}
