import OVSDB
import UntrustedJSON
import XCTest

/// Message boundaries in OVSDB's undelimited stream, and endpoint notation.
final class JSONMessageFramerTests: XCTestCase {
    func testMessagesSplitAnywhereAreReassembledInOrder() throws {
        let stream = Array(#" {"id":1,"result":["a}b","c\"}{"],"error":null}{"method":"update","params":[{"x":[1,{}]}]}"#.utf8)
        for cut in 0...stream.count {
            var framer = JSONMessageFramer()
            let messages = try framer.append(stream[..<cut]) + framer.append(stream[cut...])
            XCTAssertEqual(messages.count, 2, "cut at \(cut)")
            XCTAssertEqual(JSON.parse(messages[0])?["result"], ["a}b", "c\"}{"])
            XCTAssertEqual(JSON.parse(messages[1])?["method"], "update")
            XCTAssertFalse(framer.hasPartialMessage)
        }
    }

    func testNonObjectAndOversizedInputAreTypedErrors() {
        var framer = JSONMessageFramer()
        XCTAssertThrowsError(try framer.append(Array("[1]".utf8))) { XCTAssertEqual($0 as? OVSDBError, .malformed("expected a JSON object, got byte 0x5b")) }
        var small = JSONMessageFramer(limit: 8)
        XCTAssertThrowsError(try small.append(Array(#"{"aaaaaaaaa"#.utf8))) { XCTAssertEqual($0 as? OVSDBError, .oversized(limit: 8)) }
    }

    func testDeeplyNestedJSONIsRejectedNotACrash() throws {
        var framer = JSONMessageFramer()
        let deep = "{\"a\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        let messages = try framer.append(Array(deep.utf8))
        XCTAssertEqual(messages.count, 1)
        XCTAssertNil(JSON.parse(messages[0]))
    }

    func testEndpointNotation() throws {
        XCTAssertEqual(try OVSDBEndpoint(parsing: "unix:/var/run/openvswitch/db.sock"), .unix(path: "/var/run/openvswitch/db.sock"))
        XCTAssertEqual(try OVSDBEndpoint(parsing: "tcp:192.168.1.1:6640"), .tcp(host: "192.168.1.1", port: 6640))
        XCTAssertEqual(try OVSDBEndpoint(parsing: "tcp:[fe80::1]:6640"), .tcp(host: "fe80::1", port: 6640))
        XCTAssertEqual(try OVSDBEndpoint(parsing: "tcp:[fe80::1]:6640").description, "tcp:[fe80::1]:6640")
        XCTAssertEqual(try OVSDBEndpoint(parsing: "ssl:1.2.3.4:6640"), .ssl(host: "1.2.3.4", port: 6640))
        XCTAssertEqual(try OVSDBEndpoint(parsing: "ssl:[fe80::1]:6640"), .ssl(host: "fe80::1", port: 6640))
        XCTAssertEqual(try OVSDBEndpoint(parsing: "ssl:[fe80::1]:6640").description, "ssl:[fe80::1]:6640")
        XCTAssertTrue(try OVSDBEndpoint(parsing: "ssl:ap.lan:6640").usesTLS)
        XCTAssertFalse(try OVSDBEndpoint(parsing: "tcp:ap.lan:6640").usesTLS)
        XCTAssertThrowsError(try OVSDBEndpoint(parsing: "pssl:6640")) { XCTAssertEqual($0 as? OVSDBError, .unsupportedEndpoint("pssl")) }
        for bad in ["tcp:host", "tcp:host:0", "tcp::6640", "unix:", "/var/run/db.sock", "tcp:a b:1", "ssl:host", "ssl::6640"] {
            XCTAssertThrowsError(try OVSDBEndpoint(parsing: bad), bad) { XCTAssertEqual($0 as? OVSDBError, .invalidEndpoint(bad)) }
        }
    }

    /// The shared type keeps OVSDB's integer/real split and ProvClient's "integral number" reading.
    func testUntrustedJSONNumbers() {
        XCTAssertEqual(JSON.parse(Array("7".utf8)), .integer(7))
        XCTAssertEqual(JSON.parse(Array("1.5".utf8)), .real(1.5))
        XCTAssertEqual(JSON.parse(Array("2.0".utf8))?.integerValue, 2)
        XCTAssertNil(JSON.parse(Array("1.5".utf8))?.integerValue)
        XCTAssertNil(JSON.parse(Array("true".utf8))?.integerValue)
        XCTAssertNil(JSON.parse(Array("1e20".utf8))?.integerValue)
        XCTAssertNil(JSON.parse(Array("{\"a\":".utf8)))
    }
}
