import ProvClient
import TestSupport
import XCTest

/// Parsing the QR payloads devices show (docs/protocol.md §6.5): every form ESP-IDF prints, and a
/// clear refusal, never a crash, for everything else.
final class QRPayloadTests: XCTestCase {
    /// What ESP-IDF's wifi_prov_mgr example prints with security 2 (dev-mode credentials).
    static let idfSec2 = #"{"ver":"v1","name":"PROV_1A2B3C","username":"wifiprov","pop":"abcd1234","transport":"ble"}"#

    func testSecurity2PayloadOfTheIDFExample() throws {
        let payload = try QRPayload(parsing: Self.idfSec2)
        XCTAssertEqual(payload.name, "PROV_1A2B3C")
        XCTAssertEqual(payload.transport, .ble)
        XCTAssertEqual(payload.username, "wifiprov")
        XCTAssertEqual(payload.pop, "abcd1234")
        XCTAssertNil(payload.security, "the example never says; the device's proto-ver decides")
        XCTAssertEqual(payload.sec2Password, "abcd1234", "ESP-IDF puts the sec2 password in pop")
        XCTAssertEqual(payload.serviceName(for: .ble), "PROV_1A2B3C")
    }

    func testSecurity1AndNoPoPPayloads() throws {
        let sec1 = try QRPayload(parsing: #"{"ver":"v1","name":"PROV_00AA11","pop":"abcd1234","transport":"softap"}"#)
        XCTAssertEqual(sec1, QRPayload(name: "PROV_00AA11", transport: .http, pop: "abcd1234"))
        XCTAssertNil(sec1.serviceName(for: .http), "a SoftAP name is the access point to join, not an address")
        let open = try QRPayload(parsing: #"{"ver":"v1","name":"PROV_00AA11","transport":"ble"}"#)
        XCTAssertEqual(open, QRPayload(name: "PROV_00AA11", transport: .ble))
    }

    func testSecurityFieldAndPasswordAsTheAndroidAppWritesThem() throws {
        let payload = try QRPayload(
            parsing: #"{"ver":"v1","name":"dev","transport":"BLE","security":2,"username":"u","password":"s3cr3t-PW","extra":[1]}"#)
        XCTAssertEqual(payload.security, .sec2)
        XCTAssertEqual(payload.transport, .ble, "transport is case-insensitive")
        XCTAssertNil(payload.pop)
        XCTAssertEqual(payload.sec2Password, "s3cr3t-PW", "password serves when there is no pop")
        XCTAssertEqual(try QRPayload(parsing: #"{"name":"d","transport":"ble","security":"1"}"#).security, .sec1)
        XCTAssertEqual(try QRPayload(parsing: #"{"name":"d","transport":"ble","security":null}"#).security, nil)
    }

    func testRendersExactlyWhatTheIDFExamplePrints() {
        let payload = QRPayload(name: "PROV_1A2B3C", transport: .ble, username: "wifiprov", pop: "abcd1234")
        XCTAssertEqual(payload.json, Self.idfSec2)
        XCTAssertEqual(
            QRPayload(name: "PROV_1", transport: .http, security: .sec1, pop: "p").json,
            #"{"ver":"v1","name":"PROV_1","pop":"p","transport":"softap","security":1}"#)
    }

    func testEscapedTextRoundTrips() throws {
        let payload = QRPayload(name: "lab \"A\" \\ rack ü", transport: .ble, username: "user", pop: "p\"o\\p\nß")
        XCTAssertEqual(try QRPayload(parsing: payload.json), payload)
    }

    func testJumpstartURLForms() throws {
        let payload = try QRPayload(parsing: Self.idfSec2)
        XCTAssertTrue(payload.jumpstartURL.hasPrefix("https://espressif.github.io/esp-jumpstart/qrcode.html?data=%7B%22ver%22"))
        XCTAssertEqual(try QRPayload(parsing: payload.jumpstartURL), payload)
        // ESP-IDF's log prints the JSON unencoded after data=.
        XCTAssertEqual(try QRPayload(parsing: QRPayload.jumpstartPage + "?data=" + Self.idfSec2), payload)
        // Other parameters around data, and surrounding whitespace.
        let encoded = Self.idfSec2.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        XCTAssertEqual(try QRPayload(parsing: "  HTTPS://example.com/qr?x=1&data=\(encoded)&y=2#frag\n"), payload)
    }

    func testMalformedPayloadsSayWhatIsWrong() {
        let cases: [(String, QRPayloadError)] = [
            ("", .empty),
            ("  \n", .empty),
            ("hello", .notJSON("it does not start with '{'")),
            ("{\"name\":", .notJSON("it is not valid JSON")),
            ("[1, 2]", .notJSON("it is not a JSON object")),
            ("{\"ver\":\"v2\",\"name\":\"d\",\"transport\":\"ble\"}", .unsupportedVersion("v2")),
            ("{\"ver\":1,\"name\":\"d\",\"transport\":\"ble\"}", .wrongType(field: "ver", expected: "a string")),
            ("{\"ver\":\"v1\",\"transport\":\"ble\"}", .missing("name")),
            ("{\"name\":5,\"transport\":\"ble\"}", .wrongType(field: "name", expected: "a string")),
            ("{\"name\":\"\",\"transport\":\"ble\"}", .invalid(field: "name", reason: "it is empty")),
            ("{\"name\":\"a\\u0007b\",\"transport\":\"ble\"}", .invalid(field: "name", reason: "it contains control characters")),
            ("{\"name\":\"d\"}", .missing("transport")),
            ("{\"name\":\"d\",\"transport\":\"zigbee\"}", .unknownTransport("zigbee")),
            ("{\"name\":\"d\",\"transport\":\"ble\",\"security\":3}", .invalid(field: "security", reason: "3 is not 0, 1 or 2")),
            ("{\"name\":\"d\",\"transport\":\"ble\",\"security\":1.5}", .wrongType(field: "security", expected: "0, 1 or 2")),
            ("{\"name\":\"d\",\"transport\":\"ble\",\"pop\":1234}", .wrongType(field: "pop", expected: "a string")),
            ("https://espressif.github.io/esp-jumpstart/qrcode.html", .urlWithoutData),
            ("https://espressif.github.io/esp-jumpstart/qrcode.html?name=x", .urlWithoutData),
            ("https://x/?data=%ZZ", .notJSON("the URL's data parameter is not valid percent-encoding")),
            (String(repeating: "[", count: 100) + String(repeating: "]", count: 100), .notJSON("nested too deeply")),
            ("{\"name\":\"" + String(repeating: "x", count: 5000) + "\"}", .tooLong(5011)),
        ]
        for (input, expected) in cases {
            XCTAssertThrowsError(try QRPayload(parsing: input), input.prefix(60).description) { error in
                XCTAssertEqual(error as? QRPayloadError, expected, input.prefix(60).description)
                XCTAssertFalse("\(error)".isEmpty)
            }
        }
    }

    func testDPPAndWiFiNetworkCodesAreRecognised() {
        let dpp = "DPP:C:81/1;M:5254005828e5;V:2;K:MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgADURzxmttZoIRIPWGoQMV00XHWCAQIhXruVWOz0NjlkIA=;;"
        XCTAssertThrowsError(try QRPayload(parsing: dpp)) { error in
            XCTAssertEqual(error as? QRPayloadError, .dppURI)
            XCTAssertTrue("\(error)".contains("DPP"), "\(error)")
            XCTAssertEqual((error as? QRPayloadError)?.message.remedies, [.useDPPConfigurator],
                           "the message names what does handle it: \(error)")
        }
        XCTAssertThrowsError(try QRPayload(parsing: "dpp:c:81/1;k:abc;;")) { XCTAssertEqual($0 as? QRPayloadError, .dppURI) }
        XCTAssertThrowsError(try QRPayload(parsing: "WIFI:S:HomeNet;T:WPA;P:secret123;;")) { error in
            XCTAssertEqual(error as? QRPayloadError, .wifiNetworkCode)
            XCTAssertFalse("\(error)".contains("secret123"))
        }
    }

    func testMessagesQuoteLittleAndNeverControlCharacters() {
        XCTAssertThrowsError(try QRPayload(parsing: "{\"name\":\"d\",\"transport\":\"\\u001b[2Jabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH\"}")) { error in
            let message = "\(error)"
            XCTAssertFalse(message.unicodeScalars.contains { $0.value < 0x20 }, message)
            XCTAssertTrue(message.contains("…"), message)
        }
    }

    /// Mutated and random inputs: the parser answers (value or error), it never traps.
    func testArbitraryInputNeverCrashes() {
        var generator = SeededGenerator(seed: 0x5EED)
        let seeds = [Self.idfSec2, QRPayload(name: "n", transport: .http, security: .sec1, pop: "p").jumpstartURL, "DPP:;;"]
        let alphabet = Array("{}[]\":,\\u0123456789abcdefnulltrue-+.eE% &=?/\u{0}\u{7f}ü💡".unicodeScalars)
        var parsed = 0
        for round in 0..<3000 {
            var scalars = Array(seeds[round % seeds.count].unicodeScalars)
            for _ in 0..<(1 + Int(generator.next() % 6)) {
                let position = scalars.isEmpty ? 0 : Int(generator.next() % UInt64(scalars.count))
                let scalar = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                switch generator.next() % 3 {
                case 0 where !scalars.isEmpty: scalars.remove(at: position)
                case 1 where !scalars.isEmpty: scalars[position] = scalar
                default: scalars.insert(scalar, at: position)
                }
            }
            if (try? QRPayload(parsing: String(String.UnicodeScalarView(scalars)))) != nil { parsed += 1 }
        }
        XCTAssertGreaterThan(parsed, 0, "some mutations stay valid")
    }
}
