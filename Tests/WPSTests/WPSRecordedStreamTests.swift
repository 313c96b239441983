import Foundation
import TestSupport
import XCTest

/// What the wired rig cannot produce reliably: PBC session overlap, the 2-minute walk time running
/// out, a locked AP, a build without WPS. A fake control socket answers as hostapd or
/// wpa_supplicant and replays the event datagrams they send in those cases. The overlap streams
/// were recorded from real hostapd 2.10 and wpa_supplicant 2.10: two `-Dwired` enrollees and a
/// wired hostapd on a bridge that forwards 802.1X frames (group_fwd_mask 8), both enrollees pushed
/// within one window (whether their M1s overlap depends on timing, so it cannot be a `make test`
/// case). The others are composed from the documented formats (docs/onboarding.md §3).
final class WPSRecordedStreamTests: XCTestCase {
    private var directory: String!
    private var fake: FakeControlDaemon?

    private static let hostapdStatus = "state=ENABLED\nphy=phy0\nfreq=2412\nbss[0]=wlan0\nssid[0]=lab\n"
    private static let supplicantStatus = "wpa_state=SCANNING\naddress=02:00:00:00:01:00\n"

    override func setUpWithError() throws {
        var template = Array("/tmp/wpsrec-XXXXXX".utf8CString)
        directory = String(cString: try XCTUnwrap(mkdtemp(&template)))
    }

    override func tearDown() {
        fake?.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Serves `status` and answers `start` with `reply` followed by `events`; everything else `OK`.
    private func serve(status: String, start: String, reply: String = "OK\n", events: [String]) throws -> String {
        let path = "\(directory!)/wlan0"
        fake = try FakeControlDaemon(path: path) { command in
            if command == "STATUS" { return .init(reply: status) }
            if command == "LIST_NETWORKS" { return .init(reply: "network id / ssid / bssid / flags\n") }
            if command.hasPrefix(start) { return .init(reply: reply, events: events) }
            return .init(reply: "OK\n")
        }
        return path
    }

    private func espProv(_ arguments: [String]) async throws -> ProcessResult {
        try await Binaries.run("esp-prov", ["wps"] + arguments + ["--timeout", "5"], timeout: 30)
    }

    /// `esp-prov wps pbc` (plus `arguments`) against a fake daemon serving `status` that answers
    /// `WPS_PBC` with `reply` and then `events`.
    private func pushButton(_ status: String, reply: String = "OK\n", events: [String], _ arguments: [String] = []) async throws -> ProcessResult {
        let path = try serve(status: status, start: "WPS_PBC", reply: reply, events: events)
        return try await espProv(["pbc", "--ctrl", path] + arguments)
    }

    /// `wps ap-pin --bssid` naming an AP that never answers: wpa_supplicant adds the network, scans,
    /// hears no AP and ends with WPS-TIMEOUT after its walk time, or the deadline comes first. The wired
    /// rig cannot show this (`driver=wired` sends EAPOL to the PAE group address whatever the BSSID),
    /// so the stream is composed from wpa_supplicant's documented events (docs/onboarding.md §3).
    func testAPPinWithABSSIDNoAPAnswersNamesTheBSSID() async throws {
        let pinFile = "\(directory!)/ap-pin"
        try "12345670\n".write(toFile: pinFile, atomically: true, encoding: .utf8)
        let scans = ["<3>CTRL-EVENT-NETWORK-ADDED 0", "<3>CTRL-EVENT-SCAN-STARTED ", "<3>CTRL-EVENT-SCAN-RESULTS "]
        for events in [scans + ["<3>WPS-TIMEOUT "], scans] {  // the walk time ends first; the deadline does
            let path = try serve(status: Self.supplicantStatus, start: "WPS_REG", events: events)
            let result = try await espProv(["ap-pin", "--ctrl", path, "--bssid", "02:11:22:33:44:55", "--ap_pin_file", pinFile])
            fake?.stop()
            XCTAssertEqual(result.status, 7, result.output)
            XCTAssertTrue(result.stderr.contains("no AP answered for BSSID 02:11:22:33:44:55"), result.stderr)
            XCTAssertTrue(result.stderr.contains("check the BSSID"), result.stderr)
        }
        // An AP that did answer (an EAP exchange began) is not blamed on the BSSID.
        let path = try serve(status: Self.supplicantStatus, start: "WPS_REG",
                             events: scans + ["<3>CTRL-EVENT-EAP-STARTED EAP authentication started", "<3>WPS-TIMEOUT "])
        let answered = try await espProv(["ap-pin", "--ctrl", path, "--bssid", "02:11:22:33:44:55", "--ap_pin_file", pinFile])
        XCTAssertEqual(answered.status, 24, answered.output)
        XCTAssertFalse(answered.stderr.contains("no AP answered"), answered.stderr)
    }

    func testOverlapOnTheRegistrarIsRefusedAndTheWindowCancelled() async throws {
        let result = try await pushButton(Self.hostapdStatus, events: [  // recorded
            "<3>WPS-PBC-ACTIVE ", "<3>CTRL-EVENT-EAP-STARTED 62:49:33:86:9f:9c", "<3>CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=1",
            "<3>CTRL-EVENT-EAP-STARTED 3e:ee:ef:5c:75:35", "<3>CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=1",
            "<3>CTRL-EVENT-EAP-PROPOSED-METHOD vendor=14122 method=254", "<3>CTRL-EVENT-EAP-PROPOSED-METHOD vendor=14122 method=254",
            "<3>WPS-OVERLAP-DETECTED ", "<3>WPS-FAIL msg=4 config_error=12", "<3>WPS-FAIL msg=7 config_error=12",
            "<3>CTRL-EVENT-EAP-FAILURE 3e:ee:ef:5c:75:35", "<3>CTRL-EVENT-EAP-FAILURE 62:49:33:86:9f:9c",
        ])
        XCTAssertEqual(result.status, 22, result.output)
        XCTAssertTrue(result.stderr.contains("two devices pushed their button at once (possibly an attacker)"), result.stderr)
        XCTAssertTrue(fake?.commands.contains("WPS_CANCEL") == true, "\(fake?.commands ?? [])")
    }

    func testOverlapReportedToTheEnrolleeByTheRegistrarIsRefused() async throws {
        let result = try await pushButton(Self.supplicantStatus, events: [  // recorded
            "<3>CTRL-EVENT-NETWORK-ADDED 0", "<3>WPS-PBC-ACTIVE ", "<3>CTRL-EVENT-EAP-STARTED EAP authentication started",
            "<3>CTRL-EVENT-EAP-PROPOSED-METHOD vendor=14122 method=1", "<3>CTRL-EVENT-EAP-METHOD EAP vendor 14122 method 1 (WSC) selected",
            "<3>WPS-M2D dev_password_id=0 config_error=12", "<3>CTRL-EVENT-EAP-FAILURE EAP authentication failed", "<3>WPS-FAIL ",
            "<3>CTRL-EVENT-DISCONNECTED bssid=01:80:c2:00:00:03 reason=3 locally_generated=1", "<3>CTRL-EVENT-NETWORK-REMOVED 0",
        ])
        XCTAssertEqual(result.status, 22, result.output)
        XCTAssertTrue(result.stderr.contains("push-button session overlap"), result.stderr)
    }

    func testOverlapSeenByTheEnrolleeIsRefused() async throws {
        let result = try await pushButton(Self.supplicantStatus,
                                          events: ["<3>CTRL-EVENT-NETWORK-ADDED 0", "<3>WPS-PBC-ACTIVE ", "<3>WPS-OVERLAP-DETECTED "], ["--json"])
        XCTAssertEqual(result.status, 22, result.output)
        XCTAssertTrue(result.stdout.contains("\"error\":\"wps_overlap\""), result.stdout)
    }

    func testWalkTimeRunningOutIsTheWindowClosing() async throws {
        let result = try await pushButton(Self.supplicantStatus, events: ["<3>WPS-PBC-ACTIVE ", "<3>WPS-TIMEOUT "])
        XCTAssertEqual(result.status, 24, result.output)
        XCTAssertTrue(result.stderr.contains("no WPS registrar completed within the walk time"), result.stderr)
    }

    func testLockedSetupIsNamedOnEitherSide() async throws {
        var path = try serve(status: Self.hostapdStatus, start: "WPS_PIN", events: ["<3>WPS-FAIL msg=8 config_error=18", "<3>WPS-AP-SETUP-LOCKED "])
        var result = try await espProv(["pin", "--ctrl", path, "--pin", "12345670"])
        XCTAssertEqual(result.status, 21, "the first decisive event (wrong PIN) wins: \(result.output)")
        fake?.stop()
        path = try serve(status: Self.hostapdStatus, start: "WPS_PIN", events: ["<3>WPS-AP-SETUP-LOCKED "])
        result = try await espProv(["pin", "--ctrl", path, "--pin", "12345670"])
        XCTAssertEqual(result.status, 23, result.output)
        fake?.stop()
        path = try serve(status: Self.supplicantStatus, start: "WPS_REG", events: ["<3>WPS-FAIL msg=8 config_error=15"])
        let pinFile = "\(directory!)/pin"
        try "12345670".write(toFile: pinFile, atomically: true, encoding: .utf8)
        result = try await espProv(["ap-pin", "--ctrl", path, "--bssid", "02:00:00:00:00:01", "--ap_pin_file", pinFile])
        XCTAssertEqual(result.status, 23, result.output)
        XCTAssertTrue(result.stderr.contains("locked its WPS setup"), result.stderr)
    }

    func testBuildWithoutWPS() async throws {
        let result = try await pushButton(Self.hostapdStatus, reply: "UNKNOWN COMMAND\n", events: [])
        XCTAssertEqual(result.status, 16, result.output)
        XCTAssertTrue(result.stderr.contains("its build has no WPS"), result.stderr)
    }

    func testCredentialEventsNeverReachVerboseOutput() async throws {
        let secretHex = Array("SECRET-psk-in-credential".utf8).map { String(format: "%02x", $0) }.joined()
        let result = try await pushButton(Self.supplicantStatus, events: [
            "<3>WPS-CRED-RECEIVED 100e00\(secretHex)", "<3>WPS-NEW-AP-SETTINGS \(secretHex)",
            "<3>WPS-ER-AP-SETTINGS uuid=0 ssid=lab auth_type=0x0020 encr_type=0x0008 key=SECRET-psk-in-credential",
            "<3>WPS-TIMEOUT ",
        ], ["-v", "--json"])
        XCTAssertEqual(result.status, 24, result.output)
        XCTAssertTrue(result.stdout.contains("WPS-CRED-RECEIVED (credential not shown)"), result.stdout)
        for secret in [secretHex, "SECRET-psk-in-credential"] {
            XCTAssertFalse(result.output.contains(secret), result.output)
        }
    }
}
