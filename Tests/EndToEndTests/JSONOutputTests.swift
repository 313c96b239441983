import Foundation
import TestSupport
import XCTest

/// `--json`: every line on stdout is one JSON object with a stable `event` name, ending in a
/// `result` whose `error` code and `exit_code` agree with the process exit status.
final class JSONOutputTests: EndToEndCase {
    private func events(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return try XCTUnwrap(object, "not a JSON object: \(line)")
        }
    }

    private func require(_ event: [String: Any], has keys: [String], file: StaticString = #filePath, line: UInt = #line) {
        for key in keys + ["event", "t"] where event[key] == nil {
            XCTFail("\(event["event"] ?? "?") lacks '\(key)': \(event)", file: file, line: line)
        }
    }

    func testSuccessfulRunSchema() throws {
        let device = try device(["--network", "HomeNet:secret123", "--wifi_conn_attempts", "3"])
        let result = try espProv(
            ["--json", "--sec2_username", "wifiprov", "--sec2_pwd", "abcd1234", "--ssid", "HomeNet", "--passphrase", "secret123",
             "--custom_data", "hi"], device: device, expect: 0)
        let lines = try events(result.stdout)
        let names = lines.compactMap { $0["event"] as? String }
        XCTAssertEqual(Array(names.prefix(5)), ["start", "device_info", "security", "session_established", "custom_reply"])
        XCTAssertEqual(Array(names.suffix(1)), ["result"])
        for event in lines {
            switch event["event"] as? String {
            case "start": require(event, has: ["transport", "service"])
            case "device_info": require(event, has: ["version", "sec_ver", "sec_patch_ver", "capabilities", "manager", "network"])
            case "security": require(event, has: ["scheme", "reason", "iv_mode"])
            case "session_established": require(event, has: ["scheme"])
            case "custom_reply": XCTAssertEqual(event["reply_hex"] as? String, "5355434345535300")
            case "credentials_sent": XCTAssertEqual(event["ssid"] as? String, "HomeNet")
            case "config_applied": break
            case "wifi_status": require(event, has: ["state", "since_apply"])
            case "result":
                require(event, has: ["ok", "exit_code", "error", "seconds", "outcome", "connection"])
                XCTAssertEqual(event["ok"] as? Bool, true)
                XCTAssertEqual(event["exit_code"] as? Int, 0)
                XCTAssertEqual((event["connection"] as? [String: Any])?["ip"] as? String, "192.168.1.42")
            default: XCTFail("unexpected event \(event)")
            }
        }
        XCTAssertEqual(result.stderr, "", "nothing but JSON is printed")
    }

    func testFailureResultCarriesTheStableCode() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let result = try espProv(
            ["--json", "--sec2_username", "wifiprov", "--sec2_pwd", "abcd1234", "--ssid", "HomeNet", "--passphrase", "s3cr3t-PW"],
            device: device, expect: 5)
        let last = try XCTUnwrap(try events(result.stdout).last)
        XCTAssertEqual(last["event"] as? String, "result")
        XCTAssertEqual(last["ok"] as? Bool, false)
        XCTAssertEqual(last["error"] as? String, "wifi_auth")
        XCTAssertEqual(last["exit_code"] as? Int, 5)
        let states = try events(result.stdout).filter { $0["event"] as? String == "wifi_status" }.compactMap { $0["state"] as? String }
        XCTAssertEqual(states.last, "failed")
    }

    func testControlAndProtocolVersionEvents() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let credentials = sec2
        try espProv(credentials + ["--ssid", "HomeNet", "--passphrase", "s3cr3t-PW"], device: device, expect: 5)
        let result = try espProv(["--json", "--proto_ver", "v1.1", "--reset"] + credentials, device: device, expect: 0)
        let lines = try events(result.stdout)
        let verified = try XCTUnwrap(lines.first { $0["event"] as? String == "protocol_version_verified" })
        XCTAssertEqual(verified["version"] as? String, "v1.1")
        let control = try XCTUnwrap(lines.first { $0["event"] as? String == "control_done" })
        XCTAssertEqual(control["command"] as? String, "reset")
        XCTAssertEqual(lines.last?["outcome"] as? String, "reset")
    }

    func testScanEventsWhenChoosingOnATerminal() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let run = try InteractiveProcess(
            "esp-prov", ["--json", "--transport", "softap", "--service_name", device.serviceName, "--sec2_username", "wifiprov",
                         "--sec2_pwd", "abcd1234", "--passphrase", "secret123"], pseudoTerminal: true)
        try run.answer("Select AP by number (0 to rescan) : ", with: "1")
        XCTAssertEqual(try run.wait(), 0, run.transcript)
        // Prompts share the terminal with stdout here; the JSON lines are the ones starting with '{'.
        let jsonLines = run.transcript.components(separatedBy: CharacterSet.newlines).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("{") }
        let lines = try jsonLines.map { line in
            try XCTUnwrap(try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
        }
        XCTAssertNotNil(lines.first { $0["event"] as? String == "scan_started" })
        let scan = try XCTUnwrap(lines.first { $0["event"] as? String == "scan_results" })
        require(scan, has: ["seconds", "access_points"])
        let first = try XCTUnwrap((scan["access_points"] as? [[String: Any]])?.first)
        XCTAssertEqual(first["ssid"] as? String, "HomeNet")
        XCTAssertEqual(first["bssid"] as? String, "a0b1c2d3e4f5")
        XCTAssertEqual(first["auth"] as? String, "WPA2_PSK")
        XCTAssertEqual(first["auth_mode"] as? Int, 3)
        XCTAssertEqual(first["channel"] as? Int, 6)
        XCTAssertEqual(first["rssi"] as? Int, -45)
    }
}
