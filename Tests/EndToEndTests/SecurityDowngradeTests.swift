import Foundation
import TestSupport
import XCTest

/// Issue 22 item 1: credentials imply a minimum scheme (a PoP: security 1 with that PoP; a sec2
/// login: security 2). A device that announces less is refused with exit 4 before anything but
/// `proto-ver` reaches it, whether the credentials came from flags, files, the environment or a QR
/// label; only an explicit `--sec_ver` accepts the weaker scheme. Every device here sits behind a
/// recording relay, so the test reads what it was sent off the wire.
final class SecurityDowngradeTests: EndToEndCase {
    /// Runs esp-prov through a relay to a device started with `device`, expecting exit 4; returns
    /// stderr after checking the device received only proto-ver (no session, no config, no custom data).
    @discardableResult
    private func refused(
        device arguments: [String], _ flags: [String], environment: [String: String] = [:], weaker: String,
        line: UInt = #line
    ) throws -> String {
        let device = try device(["--network", "HomeNet:secret123"] + arguments)
        defer { _ = device.stop() }
        let relay = try RecordingRelay(targetPort: device.port)
        defer { relay.stop() }
        let result = try espProv(
            ["--transport", "softap", "--service_name", "127.0.0.1:\(relay.port)", "--ssid", "HomeNet",
             "--passphrase", "secret123", "--custom_data", "hello"] + flags,
            environment: environment, expect: 4, timeout: 30, line: line)
        XCTAssertTrue(result.stderr.contains("a weaker scheme than the"), result.output, line: line)
        XCTAssertTrue(result.stderr.contains("the device offers \(weaker)"), result.output, line: line)
        let sent = String(decoding: relay.clientBytes, as: UTF8.self)
        for endpoint in ["prov-session", "prov-config", "prov-scan", "custom-data"] {
            XCTAssertFalse(sent.contains("POST /\(endpoint) "), "\(endpoint) reached the device:\n\(sent)", line: line)
        }
        XCTAssertTrue(sent.contains("POST /proto-ver "), sent, line: line)
        XCTAssertFalse(sent.contains("secret123"), "the passphrase reached the device", line: line)
        return result.stderr
    }

    func testSecurity0DeviceIsRefusedSec2CredentialsFromFlagsFilesAndEnvironment() throws {
        let stderr = try refused(device: ["--sec_ver", "0"], sec2, weaker: "security 0")
        XCTAssertTrue(stderr.contains("pass --sec_ver 0 to accept it deliberately"), stderr)
        try refused(device: ["--sec_ver", "0"], ["--sec2_username", "wifiprov", "--sec2_pwd_file", try file("abcd1234\n")],
                    weaker: "security 0")
        try refused(device: ["--sec_ver", "0"], ["--sec2_username", "wifiprov"],
                    environment: ["ESP_PROV_SEC2_PWD": "abcd1234"], weaker: "security 0")
        try refused(device: ["--sec_ver", "0"], ["--pop_file", try file("abcd1234")], weaker: "security 0")
    }

    func testNoPopDeviceIsRefusedAProofOfPossession() throws {
        let stderr = try refused(device: ["--sec_ver", "1"], ["--pop", "abcd1234"], weaker: "security 1 without a proof")
        XCTAssertTrue(stderr.contains("pass --sec_ver 1"), stderr)
        try refused(device: ["--sec_ver", "1"], [], environment: ["ESP_PROV_POP": "abcd1234"], weaker: "security 1 without")
    }

    func testSecurity1DeviceIsRefusedSec2Credentials() throws {
        try refused(device: ["--sec_ver", "1", "--pop", "abcd1234"], ["--sec2_username", "wifiprov"],
                    environment: ["ESP_PROV_SEC2_PWD": "abcd1234"], weaker: "security 1 with a proof")
    }

    /// ESP-IDF's labels carry no `security`: a sec2 label (username + pop) and a sec1 label (pop)
    /// imply their scheme all the same.
    func testQRLabelsImplyTheirScheme() throws {
        let sec2Label = #"{"ver":"v1","name":"PROV_1A2B3C","username":"wifiprov","pop":"abcd1234","transport":"softap"}"#
        try refused(device: ["--sec_ver", "0"], ["--qr", sec2Label], weaker: "security 0")
        try refused(device: ["--sec_ver", "1", "--pop", "abcd1234"], ["--qr", sec2Label], weaker: "security 1 with a proof")
        let sec1Label = #"{"ver":"v1","name":"PROV_1A2B3C","pop":"abcd1234","transport":"softap"}"#
        try refused(device: ["--sec_ver", "1"], ["--qr", sec1Label], weaker: "security 1 without")
    }

    /// `--sec_ver` below the credentials is the deliberate override; JSON says why.
    func testExplicitSecVerAcceptsTheWeakerSchemeAndJSONSaysWhy() throws {
        let device = try device(["--sec_ver", "0", "--network", "HomeNet:secret123"])
        let result = try espProv(
            ["--ssid", "HomeNet", "--passphrase", "secret123", "--sec_ver", "0", "--json"] + sec2, device: device, expect: 0)
        let security = try XCTUnwrap(result.stdout.split(separator: "\n").first { $0.contains(#""event":"security""#) })
        XCTAssertTrue(security.contains(#""scheme":0"#), String(security))
        XCTAssertTrue(security.contains("below the security 2"), String(security))
        XCTAssertTrue(security.contains(#""minimum":null"#), String(security))
    }

    /// A device that meets the minimum is provisioned, and JSON names the minimum it met.
    func testDeviceMeetingTheMinimumIsProvisionedAndJSONNamesIt() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let result = try espProv(["--ssid", "HomeNet", "--passphrase", "secret123", "--json"] + sec2, device: device, expect: 0)
        let security = try XCTUnwrap(result.stdout.split(separator: "\n").first { $0.contains(#""event":"security""#) })
        XCTAssertTrue(security.contains(#""minimum":"sec2""#), String(security))
        XCTAssertTrue(security.contains("meets the security 2"), String(security))
        let open = try self.device(["--sec_ver", "0", "--network", "HomeNet:secret123"])
        try espProv(["--ssid", "HomeNet", "--passphrase", "secret123"], device: open, expect: 0)
    }
}
