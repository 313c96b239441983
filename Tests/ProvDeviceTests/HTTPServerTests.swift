import ProvCrypto
import ProvDevice
import TestSupport
import XCTest

/// The device's HTTP server behaves exactly like protocomm_httpd on esp_http_server (§4.1), checked
/// byte for byte through a raw socket.
final class HTTPServerTests: DeviceTestCase {
    private var servers: [HTTPDeviceServer] = []

    override func tearDown() async throws {
        for server in servers { await server.stop() }
        servers.removeAll()
        try await super.tearDown()
    }

    /// A started server on an ephemeral port with predictable session ids.
    private func serve(
        _ configuration: DeviceConfiguration, ids: [UInt32] = [1804289383, 846930886, 1681692777, 1714636915]
    ) async throws -> (VirtualDevice, Int) {
        let device = await makeDevice(configuration)
        let sequence = Sequence32(ids)
        let server = HTTPDeviceServer(device: device, sessionID: { sequence.next() })
        servers.append(server)
        let port = try await server.start()
        XCTAssertNotEqual(port, 0)
        return (device, port)
    }

    private let none = Array("none".utf8)

    func testResponseBytesAndSetCookieOnlyOnce() async throws {
        let (device, port) = try await serve(fastConfiguration(security: .sec0))
        let client = try RawHTTPClient(port: port)
        let first = try XCTUnwrap(try client.exchange("/proto-ver", none))
        let body = device.versionBytes
        XCTAssertEqual(
            first.head,
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: \(body.count)\r\nSet-Cookie: session=1804289383"
        )
        XCTAssertEqual(first.body, body)
        let second = try XCTUnwrap(try client.exchange("/proto-ver", Array("no_sec".utf8)))
        XCTAssertEqual(second.head, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: \(body.count)")
        let third = try XCTUnwrap(try client.exchange("/proto-ver", none, cookie: "session=1804289383"))
        XCTAssertNil(third.setCookie)
    }

    func testSecurity1SessionSurvivesReconnectWithTheCookie() async throws {
        let (_, port) = try await serve(fastConfiguration(security: .sec1(pop: "abcd1234")))
        var crypto = Sec1TestClient(pop: "abcd1234")
        let first = try RawHTTPClient(port: port)
        let response0 = try XCTUnwrap(try first.exchange("/prov-session", try crypto.command0()))
        let cookie = try XCTUnwrap(response0.setCookie)
        let response1 = try XCTUnwrap(try first.exchange("/prov-session", try crypto.command1(response0: response0.body)))
        XCTAssertNil(response1.setCookie)
        XCTAssertTrue(try crypto.verify(response1: response1.body))

        // A new connection evicts the old one (max_open_sockets = 1) but the cookie keeps the session.
        let second = try RawHTTPClient(port: port)
        let status = try XCTUnwrap(try second.exchange("/prov-config", try crypto.crypt(Payloads.getStatus), cookie: cookie))
        XCTAssertNil(status.setCookie)
        XCTAssertEqual(try crypto.crypt(status.body), try TestFixtures.message("WiFiConfigPayload RespGetStatus Connecting (no oneof)"))
        XCTAssertTrue(first.waitForClose(), "the older connection was purged")
    }

    func testStaleOrDecoratedCookieStartsANewSessionAndKillsTheOld() async throws {
        for badCookie in ["session=1; foo=bar", "session=1804289383; Path=/"] {
            let (_, port) = try await serve(fastConfiguration(security: .sec1(pop: "abcd1234")))
            var crypto = Sec1TestClient(pop: "abcd1234")
            let client = try RawHTTPClient(port: port)
            let response0 = try XCTUnwrap(try client.exchange("/prov-session", try crypto.command0()))
            let cookie = try XCTUnwrap(response0.setCookie)
            let response1 = try XCTUnwrap(try client.exchange("/prov-session", try crypto.command1(response0: response0.body), cookie: cookie))
            XCTAssertTrue(try crypto.verify(response1: response1.body))
            let probe = try XCTUnwrap(try client.exchange("/proto-ver", none, cookie: badCookie))
            XCTAssertEqual(probe.setCookie, "session=846930886", "a new session was created")
            let old = try client.exchange("/prov-config", try crypto.crypt(Payloads.getStatus), cookie: cookie)
            XCTAssertNil(old, "the established session is gone: closed without a response")
            XCTAssertTrue(client.closedByPeer)
        }
    }

    func testWithoutCookieANewSocketIsANewSession() async throws {
        let (_, port) = try await serve(fastConfiguration(security: .sec0))
        let first = try RawHTTPClient(port: port)
        XCTAssertEqual(try first.exchange("/proto-ver", none)?.setCookie, "session=1804289383")
        let second = try RawHTTPClient(port: port)
        XCTAssertEqual(try second.exchange("/proto-ver", none)?.setCookie, "session=846930886")
    }

    func testUnknownURIIs404AndOtherMethodIs405ThenClose() async throws {
        let (_, port) = try await serve(fastConfiguration(security: .sec0))
        let client = try RawHTTPClient(port: port)
        let notFound = try XCTUnwrap(try client.exchange("/prov-nothing", none))
        XCTAssertEqual(notFound.head, "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 29")
        XCTAssertEqual(String(decoding: notFound.body, as: UTF8.self), "Nothing matches the given URI")
        XCTAssertTrue(client.waitForClose())

        let getter = try RawHTTPClient(port: port)
        try getter.post("/proto-ver", [], method: "GET")
        let notAllowed = try XCTUnwrap(try getter.readResponse())
        XCTAssertEqual(notAllowed.statusLine, "HTTP/1.1 405 Method Not Allowed")
        XCTAssertTrue(getter.waitForClose())
    }

    func testBodyMustBeOneTo4096Bytes() async throws {
        let (_, port) = try await serve(fastConfiguration(security: .sec0))
        let empty = try RawHTTPClient(port: port)
        let emptyAnswer = try empty.exchange("/proto-ver", [])
        XCTAssertNil(emptyAnswer)
        XCTAssertTrue(empty.closedByPeer)

        let large = try RawHTTPClient(port: port)
        let largeAnswer = try large.exchange("/custom-data", Array(repeating: 0x41, count: 4097))
        XCTAssertNil(largeAnswer)

        let limit = try RawHTTPClient(port: port)
        let limitAnswer = try XCTUnwrap(try limit.exchange("/custom-data", Array(repeating: 0x41, count: 4096)))
        XCTAssertEqual(limitAnswer.body, Array("SUCCESS".utf8) + [0])
    }

    func testFailureClosesWithoutResponse() async throws {
        let (_, port) = try await serve(DeviceConfiguration())
        let client = try RawHTTPClient(port: port)
        XCTAssertNotNil(try client.exchange("/proto-ver", none))
        let beforeHandshake = try client.exchange("/prov-config", Payloads.getStatus)
        XCTAssertNil(beforeHandshake)
        XCTAssertTrue(client.closedByPeer)
        let query = try RawHTTPClient(port: port)
        XCTAssertNil(try query.exchange("/proto-ver?x=1", none), "protocomm looks up 'proto-ver?x=1'")
    }

    func testKeepAliveServesManyRequestsOnOneConnection() async throws {
        let (_, port) = try await serve(fastConfiguration(security: .sec0))
        let client = try RawHTTPClient(port: port)
        for index in 0..<20 {
            let response = try XCTUnwrap(try client.exchange("/prov-config", Payloads.getStatus))
            XCTAssertEqual(response.setCookie != nil, index == 0)
        }
        // Pipelined requests are answered in order.
        try client.post("/custom-data", Array("a".utf8))
        try client.post("/proto-ver", none)
        XCTAssertEqual(try client.readResponse()?.body, Array("SUCCESS".utf8) + [0])
        XCTAssertEqual(try client.readResponse()?.body.first, UInt8(ascii: "{"))
    }

    func testServerStopsListeningWhenTheServiceStops() async throws {
        let (device, port) = try await serve(fastConfiguration(security: .sec0))
        let client = try RawHTTPClient(port: port)
        XCTAssertNotNil(try client.exchange("/proto-ver", none))
        await device.stop()
        XCTAssertTrue(client.waitForClose(), "open connections are dropped")
        await eventually("listener closed") { (try? RawHTTPClient(port: port)) == nil }
        let running = await servers[0].isRunning
        XCTAssertFalse(running)
    }

    func testFullProvisioningOverHTTPWithSecurity2() async throws {
        let (device, port) = try await serve(DeviceConfiguration(
            connectDelay: .milliseconds(20), cleanupDelay: .milliseconds(100)
        ))
        var crypto = try Sec2TestClient()
        let client = try RawHTTPClient(port: port)
        let version = try XCTUnwrap(try client.exchange("/proto-ver", Array("---".utf8)))
        let cookie = try XCTUnwrap(version.setCookie)
        let response0 = try XCTUnwrap(try client.exchange("/prov-session", try crypto.command0(), cookie: cookie))
        let response1 = try XCTUnwrap(try client.exchange("/prov-session", try crypto.command1(response0: response0.body), cookie: cookie))
        XCTAssertTrue(try crypto.finish(response1: response1.body))
        for request in [Payloads.setConfig("HomeNet", "secret123"), Payloads.apply] {
            let answer = try XCTUnwrap(try client.exchange("/prov-config", try crypto.seal(request), cookie: cookie))
            _ = try crypto.open(answer.body)
        }
        let connected = try TestFixtures.message("WiFiConfigPayload RespGetStatus Connected")
        var reported = false
        for _ in 0..<100 where !reported {
            let answer = try XCTUnwrap(try client.exchange("/prov-config", try crypto.seal(Payloads.getStatus), cookie: cookie))
            reported = try crypto.open(answer.body) == connected
            if !reported { try await Task.sleep(for: .milliseconds(20)) }
        }
        XCTAssertTrue(reported)
        XCTAssertTrue(client.waitForClose(), "the service stops ~cleanup_delay after reporting Connected")
        let stopped = await device.stopped
        XCTAssertTrue(stopped)
    }

    // MARK: Request-head limits

    // esp_http_server's limits on a request head (docs/protocol.md §4.1): a URI of at most 512 bytes,
    // header lines within the 1025-byte scratch buffer (`CONFIG_HTTPD_MAX_REQ_HDR_LEN` 1024 + 1), each
    // broken limit answered with the server's own error and a close, before any routing.

    private static let success = Array("SUCCESS".utf8) + [0]

    /// A POST of one body byte whose header lines (first header byte through the blank line) are
    /// exactly `headerBytes` long.
    private func post(_ path: String, headerBytes: Int) -> [UInt8] {
        let fixed = "Content-Length: 1\r\n" + "X-Pad: " + "\r\n" + "\r\n"
        let head = "POST \(path) HTTP/1.1\r\n" + "Content-Length: 1\r\n"
            + "X-Pad: " + String(repeating: "p", count: headerBytes - fixed.utf8.count) + "\r\n\r\n"
        return Array(head.utf8) + [0x41]
    }

    func testURIOf512BytesIsServedAndOf513IsTooLongEvenForAnUnknownEndpoint() async throws {
        let name511 = String(repeating: "a", count: 511)
        let name512 = String(repeating: "b", count: 512)
        let (_, port) = try await serve(fastConfiguration(security: .sec0) { $0.customEndpoints = [name511, name512] })

        let longest = try RawHTTPClient(port: port)
        XCTAssertEqual(try longest.exchange("/" + name511, [0x41])?.body, Self.success, "a 512-byte URI fits")

        let tooLong = try RawHTTPClient(port: port)
        let refused = try XCTUnwrap(try tooLong.exchange("/" + name512, [0x41]), "a 513-byte URI is answered, not dropped")
        XCTAssertEqual(refused.head, "HTTP/1.1 414 URI Too Long\r\nContent-Type: text/html\r\nContent-Length: 15")
        XCTAssertEqual(String(decoding: refused.body, as: UTF8.self), "URI is too long")
        XCTAssertTrue(tooLong.waitForClose())

        let unknown = try RawHTTPClient(port: port)
        let beforeRouting = try XCTUnwrap(try unknown.exchange("/" + String(repeating: "z", count: 600), [0x41]))
        XCTAssertEqual(beforeRouting.statusLine, "HTTP/1.1 414 URI Too Long", "the limit applies before the 404")
        XCTAssertTrue(unknown.waitForClose())
    }

    func testHeaderLinesMustFitTheScratchBuffer() async throws {
        let (_, port) = try await serve(fastConfiguration(security: .sec0))

        // 1024 bytes leave room for the body: served, and the connection stays open.
        let fits = try RawHTTPClient(port: port)
        try fits.send(post("/custom-data", headerBytes: 1024))
        XCTAssertEqual(try fits.readResponse()?.body, Self.success)
        XCTAssertEqual(try fits.exchange("/custom-data", [0x41])?.body, Self.success)

        // 1025 bytes fill the buffer: no room to read the body.
        let full = try RawHTTPClient(port: port)
        try full.send(post("/custom-data", headerBytes: 1025))
        let internalError = try XCTUnwrap(try full.readResponse())
        XCTAssertEqual(internalError.head, "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\nContent-Length: 42")
        XCTAssertEqual(String(decoding: internalError.body, as: UTF8.self), "Server has encountered an unexpected error")
        XCTAssertTrue(full.waitForClose())

        // 1026 bytes do not fit; pipelined behind a good request, the refusal comes after its answer.
        let tooLarge = try RawHTTPClient(port: port)
        try tooLarge.send(post("/custom-data", headerBytes: 1024) + post("/custom-data", headerBytes: 1026))
        XCTAssertEqual(try tooLarge.readResponse()?.body, Self.success)
        let refused = try XCTUnwrap(try tooLarge.readResponse())
        XCTAssertEqual(refused.head, "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/html\r\nContent-Length: 26")
        XCTAssertEqual(String(decoding: refused.body, as: UTF8.self), "Header fields are too long")
        XCTAssertTrue(tooLarge.waitForClose())
    }
}
