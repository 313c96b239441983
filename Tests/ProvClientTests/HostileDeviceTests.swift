import Crypto
import Foundation
import ProvMessages
import XCTest
@testable import ProvClient

/// What a hostile or broken device says must neither crash the client nor let the device write
/// whatever it likes into esp-prov's output. Regression tests for what fault injection and
/// fuzzing found (see FaultInjectionTests for the end-to-end side).
final class HostileDeviceTests: XCTestCase {
    private func protocolViolation(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> String? {
        do {
            _ = try DeviceInfo(parsing: bytes)
            XCTFail("accepted \(bytes.count) bytes", file: file, line: line)
        } catch ProvError.protocolViolation(let message) {
            return message.description
        } catch {
            XCTFail("\(error)", file: file, line: line)
        }
        return nil
    }

    func testProtoVerThatIsNeitherJSONNorAVersionIsRefused() {
        let html = protocolViolation(Array("<html><body>Sign in</body></html>".utf8))
        XCTAssertTrue(html?.contains("neither JSON nor a version string") ?? false, html ?? "")
        let cut = protocolViolation(Array(#"{"prov":{"ver":"v1.1","sec_ver":2"#.utf8))
        XCTAssertTrue(cut?.contains("JSON that does not parse (cut short?)") ?? false, cut ?? "")
        let binary = protocolViolation([0xFF, 0xFE, 0x00, 0x41])
        XCTAssertTrue(binary?.contains(#"\xff\xfe\x00A"#) ?? false, binary ?? "")
        let long = protocolViolation(Array(String(repeating: "v", count: 65).utf8))
        XCTAssertNotNil(long)
    }

    func testPlainVersionsAndEmptyRepliesStillWork() throws {
        XCTAssertEqual(try DeviceInfo(parsing: Array("V0.1\n".utf8)).version, "V0.1")
        XCTAssertEqual(try DeviceInfo(parsing: Array("my app v2.0".utf8)).version, "my app v2.0")
        XCTAssertNil(try DeviceInfo(parsing: []).version)
    }

    func testControlCharactersInProtoVerStringsAreRefused() {
        for text in [
            #"{"prov":{"ver":"v1.1\u001b[2J","cap":[]}}"#, #"{"prov":{"ver":"v1.1","cap":["wifi_scan\n==== Provisioning was successful ===="]}}"#,
            "V0.1\u{7}beep",
        ] {
            XCTAssertNotNil(protocolViolation(Array(text.utf8)), text)
        }
    }

    /// The one policy (ProvSupport) also escapes what rearranges a line without controlling the
    /// terminal: line and paragraph separators, and bidi overrides that make text read backwards.
    func testSeparatorsAndBidiControlsAreEscaped() {
        XCTAssertEqual(printableDeviceText("Lab\u{2028}ok\u{2029}"), #"Lab\u{2028}ok\u{2029}"#)
        XCTAssertEqual(printableDeviceText("net\u{202E}txt.exe\u{202C}"), #"net\u{202e}txt.exe\u{202c}"#)
        XCTAssertEqual(printableDeviceText("a\u{2066}b\u{2069}\u{200F}"), #"a\u{2066}b\u{2069}\u{200f}"#)
        XCTAssertEqual(printableDeviceText("👩\u{200D}💻"), "👩\u{200D}💻", "a zero-width joiner (emoji) is kept")
    }

    func testDeviceTextCannotForgeOutputLines() {
        let forged = "Cafe\n==== Provisioning was successful ====\r\u{1B}[2K"
        let shown = printableDeviceText(forged)
        XCTAssertFalse(shown.contains("\n") || shown.contains("\r") || shown.contains("\u{1B}"), shown)
        XCTAssertEqual(shown, #"Cafe\x0a==== Provisioning was successful ====\x0d\x1b[2K"#)
        XCTAssertEqual(printableDeviceText("Café ☕ 日本"), "Café ☕ 日本", "printable text of any script is kept")
        // An SSID from a scan goes through the same filter, in UTF-8 and Latin-1 alike.
        let ap = AccessPoint(ssidBytes: Array(forged.utf8) + [0, 0], bssid: [1, 2, 3, 4, 5, 6], channel: 1, rssi: -40, auth: WiFiAuthMode(rawValue: 3))
        XCTAssertFalse(ap.ssid.contains("\n"), ap.ssid)
        XCTAssertEqual(AccessPoint(ssidBytes: [0x41, 0x85, 0x0A], bssid: [], channel: 1, rssi: 0, auth: WiFiAuthMode(rawValue: 0)).ssid, #"A\x85\x0a"#)
    }

    func testGuessedSchemeIsNamedWhenItFails() throws {
        let noProv = try DeviceInfo(parsing: Array(#"{"app":{"ver":"1.0","cap":[]}}"#.utf8))
        let plan = try SecurityPlan(requested: nil, device: noProv)
        XCTAssertTrue(plan.isGuess)
        XCTAssertTrue(plan.reason.contains("proto-ver has no 'prov' object"), plan.reason)
        let explained = ProvError.usage("missing --pop").explainingGuess(plan)
        guard case .usage = explained else { return XCTFail("\(explained)") }
        XCTAssertTrue(explained.description.hasPrefix("missing --pop; proto-ver has no 'prov' object"), explained.description)
        XCTAssertFalse(try SecurityPlan(requested: .sec1, device: noProv).isGuess)
        XCTAssertTrue(try SecurityPlan(requested: nil, device: DeviceInfo(parsing: [])).reason.contains("proto-ver is empty"))
    }

    /// A device that sends a low-order X25519 point (all zeros) would make the shared secret zero and
    /// the session key depend on the PoP alone: refused before anything is derived from it.
    func testLowOrderSec1PublicKeyIsRefused() throws {
        var scheme = Security1(proofOfPossession: "abcd1234")
        _ = try scheme.nextHandshakeRequest(after: nil)
        var response = SessionData()
        response.secVer = .secScheme1
        response.sec1.msg = .sessionResponse0
        response.sec1.sr0.devicePubkey = Data(count: 32)
        response.sec1.sr0.deviceRandom = Data(repeating: 7, count: 16)
        XCTAssertThrowsError(try scheme.nextHandshakeRequest(after: try response.serializedBytes())) { error in
            guard case ProvError.protocolViolation(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.description.contains("not a usable X25519 key"), message.description)
        }
    }

    /// A session keeps no secret it no longer needs: after the key exchange, Security1 holds
    /// neither the PoP nor its X25519 private key (the AES-CTR stream has the key).
    func testSecurity1DropsPoPAndPrivateKeyAfterTheKeyExchange() throws {
        func field(_ scheme: Security1, _ name: String) -> String? {
            Mirror(reflecting: scheme).children.first { $0.label == name }.map { "\($0.value)" }
        }
        var scheme = Security1(proofOfPossession: "abcd1234")
        XCTAssertEqual(field(scheme, "proofOfPossession"), "[97, 98, 99, 100, 49, 50, 51, 52]")
        _ = try scheme.nextHandshakeRequest(after: nil)
        var response = SessionData()
        response.secVer = .secScheme1
        response.sec1.msg = .sessionResponse0
        response.sec1.sr0.devicePubkey = Curve25519.KeyAgreement.PrivateKey().publicKey.rawRepresentation
        response.sec1.sr0.deviceRandom = Data(repeating: 7, count: 16)
        _ = try scheme.nextHandshakeRequest(after: try response.serializedBytes())
        XCTAssertEqual(field(scheme, "proofOfPossession"), "[]")
        XCTAssertEqual(field(scheme, "privateKey"), "nil")
    }
}
