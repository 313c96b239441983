import Foundation
import ProvClient
import ProvHTTP
import XCTest

/// `HTTPTransport` against a loopback server that answers each request as the test scripts it: the
/// replies real servers send besides ESP-IDF's, and the ways a link fails. Every wait is bounded.
final class HTTPTransportTests: XCTestCase {
    private func transport(_ server: ScriptedHTTPServer, requestTimeout: Duration = .seconds(5), log: @escaping @Sendable (String) -> Void = { _ in }) -> HTTPTransport {
        HTTPTransport(options: HTTPTransportOptions(address: ServiceAddress(host: "127.0.0.1", port: server.port), connectTimeout: .seconds(2),
                                                    requestTimeout: requestTimeout, maxResponseBytes: 1024), log: log)
    }

    func testRequestsKeepOneConnectionAndTheCookie() async throws {
        let server = try ScriptedHTTPServer { _, index in
            .reply("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n" + (index == 0 ? "Set-Cookie: session=42; Path=/\r\n" : "") + "\r\nok")
        }
        defer { server.stop() }
        let link = transport(server)
        for _ in 0..<3 { _ = try await link.exchange("proto-ver", [1]) }
        await link.close()
        XCTAssertEqual(server.connections, 1)
        let requests = server.requests
        XCTAssertEqual(requests.count, 3)
        XCTAssertTrue(requests[0].hasPrefix("POST /proto-ver HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nAccept-Encoding: identity\r\nContent-Length: 1\r\n"))
        XCTAssertFalse(requests[0].contains("Cookie"))
        XCTAssertTrue(requests[1].contains("\r\nCookie: session=42\r\n"), "only session=<n> is echoed")
    }

    func testChunkedRepliesAndAClosingServer() async throws {
        let server = try ScriptedHTTPServer { connection, _ in
            connection == 0
                ? .reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\nab\r\n1\r\nc\r\n0\r\n\r\n")
                : .reply("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nd")
        }
        defer { server.stop() }
        let lines = LogLines()
        let link = transport(server, log: lines.append)
        let first = try await link.exchange("prov-session", [1])
        let second = try await link.exchange("prov-session", [2])
        await link.close()
        XCTAssertEqual(first, Array("abc".utf8))
        XCTAssertEqual(second, Array("d".utf8))
        XCTAssertEqual(server.connections, 2, "Connection: close is honoured with a new connection")
        XCTAssertTrue(lines.all.contains { $0.hasPrefix("connection to 127.0.0.1:\(server.port) was closed; reconnecting") })
    }

    func testFailuresAreNamed() async throws {
        let cases: [(ScriptedHTTPServer.Action, String)] = [
            (.close, "closed the connection"),
            (.silent, "no answer from 127.0.0.1"),
            (.reply("SSH-2.0-OpenSSH_9.2\r\n\r\n"), "is not valid HTTP: not an HTTP/1.x status line"),
            (.reply("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n"), "exceeds 1024 bytes"),
            (.replyAndClose("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"), "closed the connection"),
            (.reply("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"), "no answer from 127.0.0.1"),
            (.reply("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"), "Server responded with error code 500"),
            (.reply("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"), "device has no endpoint 'custom-data'"),
        ]
        for (action, expected) in cases {
            let server = try ScriptedHTTPServer { _, _ in action }
            defer { server.stop() }
            let link = transport(server, requestTimeout: .milliseconds(500))
            let started = ContinuousClock.now
            do {
                _ = try await link.exchange("custom-data", [1])
                XCTFail("\(action): no error")
            } catch let error as ProvError {
                XCTAssertTrue("\(error)".contains(expected), "\(action): \(error)")
            }
            XCTAssertLessThan(ContinuousClock.now - started, .seconds(5), "\(action): the wait has a bound")
            await link.close()
        }
    }

    func testNothingListening() async throws {
        let server = try ScriptedHTTPServer { _, _ in .close }
        let port = server.port
        server.stop()
        let link = HTTPTransport(options: HTTPTransportOptions(address: ServiceAddress(host: "127.0.0.1", port: port)))
        do {
            _ = try await link.exchange("proto-ver", [1])
            XCTFail("connected to a closed port")
        } catch let error as ProvError {
            XCTAssertTrue("\(error)".contains("cannot connect to 127.0.0.1:\(port): connection refused"), "\(error)")
        }
    }
}

/// Log lines a transport wrote, collected across threads.
private final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
