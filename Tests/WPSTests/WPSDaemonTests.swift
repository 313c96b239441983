import Foundation
import TestSupport
import WpaCtrl
import XCTest

/// `esp-prov wps pbc|pin|ap-pin|nfc-token` against real hostapd (registrar, `driver=wired`) and
/// wpa_supplicant (`-Dwired` enrollee) over wired EAPOL on a veth pair in a fresh network
/// namespace per case (docs/onboarding.md §5). Where both sides are esp-prov, each side's own outcome is
/// checked; the passphrase (in clear or hex, as in a credential) must never reach any output.
final class WPSDaemonTests: XCTestCase {
    private static let passphrase = "SECRET-wps-passphrase"
    private var rig: DaemonRig!
    private var ap: DaemonRig.Daemon!
    private var station: DaemonRig.Daemon!

    override func setUpWithError() throws {
        if let reason = DaemonRig.unavailableReason { throw XCTSkip("SKIPPED (real daemons unavailable): \(reason)") }
        rig = try DaemonRig()
    }

    override func tearDown() {
        rig?.stop()
    }

    private func startDaemons(apConfig: String = "ap_pin=12345670\ndevice_name=rig-ap", stationConfig: String = "device_name=esp32-board") throws {
        (ap, station) = try rig.startWiredWPS(passphrase: Self.passphrase, apConfig: apConfig, stationConfig: stationConfig)
    }

    private func assertNoSecret(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let hex = Array(Self.passphrase.utf8).map { String(format: "%02x", $0) }.joined()
        for secret in [Self.passphrase, hex, hex.uppercased()] {
            XCTAssertFalse(text.contains(secret), "a secret reached the output:\n\(text)", file: file, line: line)
        }
    }

    private func espProv(_ arguments: [String], environment: [String: String] = [:]) async throws -> ProcessResult {
        let result = try await Binaries.run("esp-prov", ["wps"] + arguments, environment: environment, timeout: 40)
        assertNoSecret(result.output)
        return result
    }

    /// A run in the background (the other side of the exchange), once it has started its session.
    private func started(_ arguments: [String]) async throws -> InteractiveProcess {
        let process = try InteractiveProcess("esp-prov", ["wps"] + arguments + ["--json"])
        let seen = try await process.waitFor("\"wps_started\"", timeout: 15)
        XCTAssertNotNil(seen, "esp-prov wps \(arguments.joined(separator: " ")) did not start:\n\(process.transcript)")
        return process
    }

    private func finished(_ process: InteractiveProcess) throws -> (status: Int32, result: [String: Any]) {
        let status = try process.wait(timeout: 30)
        assertNoSecret(process.transcript)
        let lines = process.transcript.split(separator: "\n").filter { $0.hasPrefix("{") }
        let result = lines.last.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] } ?? [:]
        return (status, result)
    }

    private func lastJSON(_ text: String) -> [String: Any] {
        text.split(separator: "\n").last.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] } ?? [:]
    }

    private func command(_ daemon: DaemonRig.Daemon, _ text: String) throws -> String {
        let client = try WpaCtrlClient(endpoint: ControlEndpoint(socketPath: daemon.socketPath))
        defer { client.close() }
        return try client.command(text)
    }

    func testPushButtonOnBothSidesRegistersAndJoinsAndSaves() async throws {
        try startDaemons()
        let registrar = try await started(["pbc", "--ctrl", ap.socketPath, "--timeout", "20", "-v"])
        let enrollee = try await espProv(["pbc", "--ctrl", station.socketDirectory, "--save", "--json", "-v", "--timeout", "20"])
        XCTAssertEqual(enrollee.status, 0, enrollee.output + rig.log(of: station))
        let joined = lastJSON(enrollee.stdout)
        XCTAssertEqual(joined["outcome"] as? String, "joined")
        let network = try XCTUnwrap((joined["networks"] as? [[String: Any]])?.first)
        XCTAssertEqual(network["ssid"] as? String, "rig-wps")
        XCTAssertEqual(network["key_mgmt"] as? String, "WPA-PSK")
        XCTAssertEqual(joined["saved"] as? Bool, true)
        XCTAssertTrue(enrollee.stdout.contains("\"daemon\":\"wpa_supplicant\""), enrollee.stdout)
        XCTAssertTrue(enrollee.stdout.contains("WPS-CRED-RECEIVED (credential not shown)"), "-v shows the event's name only")
        XCTAssertTrue(enrollee.stderr.contains("WPS is weak security"))
        let saved = try String(contentsOfFile: "\(rig.directory)/sta.conf", encoding: .utf8)
        XCTAssertTrue(saved.contains("ssid=\"rig-wps\""), saved)

        let (status, registered) = try finished(registrar)
        XCTAssertEqual(status, 0, registrar.transcript)
        XCTAssertEqual(registered["outcome"] as? String, "registered")
        let enrolleeInfo = try XCTUnwrap(registered["enrollee"] as? [String: Any])
        let stationMAC = try command(station, "STATUS").split(separator: "\n").first { $0.hasPrefix("address=") }?.dropFirst(8)
        XCTAssertEqual(enrolleeInfo["mac"] as? String, stationMAC.map(String.init))
        XCTAssertEqual(enrolleeInfo["device_name"] as? String, "esp32-board")
        XCTAssertNotNil(enrolleeInfo["uuid"] as? String)
    }

    /// A PIN exchange between the two daemons: the registrar (AP side, `registrarPIN`) in the
    /// background, then the enrollee (station side, `arguments` added); both must exit with `status`.
    /// Returns the enrollee's run and the registrar's last JSON line.
    private func pinExchange(registrarPIN: String, enrollee arguments: [String] = [], environment: [String: String] = [:],
                             bothExit status: Int32, file: StaticString = #filePath, line: UInt = #line) async throws
        -> (enrollee: ProcessResult, registrar: [String: Any]) {
        try startDaemons()
        let registrar = try await started(["pin", "--ctrl", ap.socketPath, "--pin", registrarPIN, "--timeout", "20"])
        let enrollee = try await espProv(["pin", "--ctrl", station.socketPath] + arguments + ["--timeout", "20"], environment: environment)
        XCTAssertEqual(enrollee.status, status, enrollee.output, file: file, line: line)
        let (registrarStatus, result) = try finished(registrar)
        XCTAssertEqual(registrarStatus, status, registrar.transcript, file: file, line: line)
        return (enrollee, result)
    }

    func testPinOnBothSides() async throws {
        let (enrollee, registered) = try await pinExchange(registrarPIN: "1234-5670", environment: ["ESP_PROV_WPS_PIN": "12345670"], bothExit: 0)
        XCTAssertTrue(enrollee.stdout.contains("WPS-SUCCESS: joined 'rig-wps' (network id 0, WPA-PSK); not saved"), enrollee.stdout)
        XCTAssertEqual(registered["outcome"] as? String, "registered")
    }

    func testWrongPinIsDecodedOnBothSides() async throws {
        let (enrollee, result) = try await pinExchange(registrarPIN: "12345670", enrollee: ["--pin", "24681353"], bothExit: 21)
        XCTAssertTrue(enrollee.stderr.contains("wrong PIN (config_error 18"), enrollee.stderr)
        XCTAssertEqual(result["error"] as? String, "wps_wrong_pin")
    }

    func testGeneratedPinIsPrintedAndAnUnpreparedRegistrarIsNamed() async throws {
        try startDaemons()
        let result = try await espProv(["pin", "--ctrl", station.socketPath, "--json", "--timeout", "10"])
        // wpa_supplicant keeps retrying a PIN for its walk time, so the deadline ends the run; the M2D is named.
        XCTAssertEqual(result.status, 7, result.output)
        let pinEvent = result.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .first { $0["event"] as? String == "wps_pin" }
        let pin = try XCTUnwrap(pinEvent?["pin"] as? String)
        let check = try await espProv(["check-pin", pin])
        XCTAssertEqual(check.status, 0, "the generated PIN \(pin) must pass the checksum")
        XCTAssertTrue(result.stderr.contains("the registrar answered but had no session for this device"), result.stderr)
    }

    func testAPPinLearnsTheNetworkWithoutItsKey() async throws {
        try startDaemons()
        let pinFile = "\(rig.directory)/ap-pin"
        try "1234-5670\n".write(toFile: pinFile, atomically: true, encoding: .utf8)
        let result = try await espProv(["ap-pin", "--ctrl", station.socketPath, "--bssid", "01:80:c2:00:00:03", "--ap_pin_file", pinFile, "-v"])
        XCTAssertEqual(result.status, 0, result.output + rig.log(of: station))
        XCTAssertTrue(result.stdout.contains("learned the AP's settings: SSID 'rig-wps', auth WPA-PSK (network id 0)"), result.stdout)
    }

    func testWrongAPPinIsDecoded() async throws {
        try startDaemons()
        let result = try await espProv(["ap-pin", "--ctrl", station.socketPath, "--bssid", "01:80:c2:00:00:03"],
                                       environment: ["ESP_PROV_WPS_AP_PIN": "24681353"])
        XCTAssertEqual(result.status, 21, result.output)
        XCTAssertTrue(result.stderr.contains("wrong PIN"), result.stderr)
    }

    func testWindowWithoutEnrolleeEndsAtTheDeadlineAndIsClosed() async throws {
        try startDaemons()
        let result = try await espProv(["pbc", "--ctrl", ap.socketPath, "--timeout", "1.5"])
        XCTAssertEqual(result.status, 7, result.output)
        XCTAssertTrue(result.stderr.contains("no WPS outcome within 1.5 seconds; the session was cancelled"), result.stderr)
        let status = try command(ap, "WPS_GET_STATUS")
        XCTAssertFalse(status.contains("PBC Status: Active"), "the window must not stay open: \(status)")
    }

    func testSaveWithUpdateConfigOffSaysSo() async throws {
        try startDaemons(stationConfig: "update_config=0")
        let registrar = try await started(["pbc", "--ctrl", ap.socketPath, "--timeout", "20"])
        let enrollee = try await espProv(["pbc", "--ctrl", station.socketPath, "--save", "--timeout", "20"])
        XCTAssertEqual(enrollee.status, 25, enrollee.output)
        XCTAssertTrue(enrollee.stderr.contains("runs with update_config=0; add update_config=1"), enrollee.stderr)
        _ = try finished(registrar)
    }

    func testNFCPasswordTokenGoesToAFileOnly() async throws {
        try startDaemons()
        for daemon in [ap!, station!] {
            let output = "\(rig.directory)/\(daemon.name).ndef"
            let result = try await espProv(["nfc-token", "--ctrl", daemon.socketPath, "--output", output])
            XCTAssertEqual(result.status, 0, result.output)
            let token = try XCTUnwrap(FileManager.default.contents(atPath: output))
            XCTAssertEqual(token.first, 0xD2, "an NDEF record (MB, ME, SR, MIME type)")
            XCTAssertTrue(String(decoding: token, as: UTF8.self).contains("application/vnd.wfa.wsc"))
            let mode = try FileManager.default.attributesOfItem(atPath: output)[.posixPermissions] as? Int
            XCTAssertEqual(mode, 0o600)
            let hex = token.map { String(format: "%02X", $0) }.joined()
            XCTAssertFalse(result.output.uppercased().contains(hex.suffix(40)), "the token must not be printed")
        }
    }

    func testMissingSocketAndNoPermission() async throws {
        let missing = try await espProv(["pbc", "--ctrl", "\(rig.directory)/none"])
        XCTAssertEqual(missing.status, 14, missing.output)
        try startDaemons()
        chmod(ap.socketDirectory, 0o700)
        let result = try Binaries.runAsNobody(["wps", "pbc", "--ctrl", ap.socketPath])
        let text = result.stderr
        XCTAssertEqual(result.status, 15, text)
        XCTAssertTrue(text.contains("permission denied"), text)
    }

    func testHostapdWithoutWPSIsNamed() async throws {
        let ap = try rig.startHostapd(name: "ap", interface: NetworkNamespace.veth.a, driver: "wired", config: "ssid=no-wps")
        let result = try await espProv(["pbc", "--ctrl", ap.socketPath])
        XCTAssertEqual(result.status, 16, result.output)
        XCTAssertTrue(result.stderr.contains("is WPS enabled in its configuration"), result.stderr)
    }

}
