import Foundation
import TestSupport
import WpaCtrl
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// `esp-prov wps er list|learn|config` against real daemons in a fresh network namespace per case:
/// hostapd (`driver=wired`, WPS on, `upnp_iface=lo`) is the AP, a separate `wpa_supplicant -Dnone -ilo`
/// is the External Registrar esp-prov drives (docs/onboarding.md §5). The AP's key must never reach
/// any output; the ER must be stopped (`WPS_ER_STOP`) however the run ends, which hostapd's own log
/// shows as the ER's UPnP UNSUBSCRIBE.
final class WPSExternalRegistrarTests: XCTestCase {
    private static let passphrase = "SECRET-er-passphrase"
    private static let newKey = "NEW-SECRET-er-key"
    private static let uuid = "12345678-9abc-def0-1234-56789abcdef0"
    private static let apPin = "12345670"
    private static let unsubscribed = "WPS UPnP: HTTP UNSUBSCRIBE for event"
    private var rig: DaemonRig!
    private var ap: DaemonRig.Daemon!
    private var er: DaemonRig.Daemon!
    private var station: DaemonRig.Daemon!

    override func setUpWithError() throws {
        if let reason = DaemonRig.unavailableReason { throw CannotRun("real daemons unavailable: \(reason)") }
        rig = try DaemonRig()
        // SSDP is multicast: loopback needs a route for 239.255.255.250 in the fresh namespace.
        let route = rig.namespace.process("/usr/sbin/ip", ["route", "add", "239.0.0.0/8", "dev", "lo"])
        try route.run()
        route.waitUntilExit()
        XCTAssertEqual(route.terminationStatus, 0, "ip route add 239.0.0.0/8 dev lo failed in the namespace")
        (ap, station) = try rig.startWiredWPS(passphrase: Self.passphrase, apConfig: """
            upnp_iface=lo
            friendly_name=RigAP
            model_name=Rig
            uuid=\(Self.uuid)
            ap_pin=\(Self.apPin)
            """, stationConfig: "device_name=esp32-board", apDebug: true)
        er = try rig.startWpaSupplicant(name: "er", interface: "lo", driver: "none")
    }

    override func tearDown() {
        rig?.stop()
    }

    private func assertNoSecret(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        for secret in [Self.passphrase, Self.newKey] {
            let hex = Array(secret.utf8).map { String(format: "%02x", $0) }.joined()
            for form in [secret, hex, hex.uppercased()] {
                XCTAssertFalse(text.contains(form), "a secret reached the output:\n\(text)", file: file, line: line)
            }
        }
    }

    private func espProv(_ arguments: [String], environment: [String: String] = [:]) async throws -> ProcessResult {
        let result = try await Binaries.run("esp-prov", ["wps", "er"] + arguments + ["--ctrl", er.socketPath],
                                            environment: environment, timeout: 40)
        assertNoSecret(result.output)
        return result
    }

    private func lastJSON(_ text: String) -> [String: Any] {
        text.split(separator: "\n").last.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] } ?? [:]
    }

    private func apCommand(_ text: String) throws -> String {
        try command(ap, text)
    }

    private func command(_ daemon: DaemonRig.Daemon, _ text: String) throws -> String {
        let client = try WpaCtrlClient(endpoint: ControlEndpoint(socketPath: daemon.socketPath))
        defer { client.close() }
        return try client.command(text)
    }

    /// How many times an ER unsubscribed from the AP so far (hostapd `-dd` logs each UNSUBSCRIBE).
    private func unsubscriptions() -> Int {
        rig.log(of: ap).components(separatedBy: Self.unsubscribed).count - 1
    }

    /// Waits (bounded) until hostapd has seen one more UNSUBSCRIBE than `before`: the ER was stopped.
    private func assertERStopped(after before: Int, _ context: String, file: StaticString = #filePath, line: UInt = #line) {
        let deadline = Date().addingTimeInterval(10)
        while unsubscriptions() <= before && Date() < deadline { usleep(50_000) }
        XCTAssertGreaterThan(unsubscriptions(), before, "\(context): the ER never unsubscribed from the AP (no WPS_ER_STOP)",
                             file: file, line: line)
    }

    private func pinFile(_ pin: String) throws -> String {
        let path = "\(rig.directory)/ap-pin-\(pin)"
        try "\(pin)\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testListReportsTheAPFoundOverUPnPAndStopsTheER() async throws {
        let text = try await espProv(["list", "--timeout", "4"])
        XCTAssertEqual(text.status, 0, text.output + rig.log(of: er))
        XCTAssertTrue(text.stdout.contains("AP \(Self.uuid)"), text.stdout)
        XCTAssertTrue(text.stdout.contains("\"RigAP\""), text.stdout)
        assertERStopped(after: 0, "list")

        let before = unsubscriptions()
        let json = try await espProv(["list", "--timeout", "4", "--json"])
        XCTAssertEqual(json.status, 0, json.output)
        XCTAssertTrue(json.stdout.contains("\"event\":\"er_ap\""), "the AP is an event when it appears: \(json.stdout)")
        let result = lastJSON(json.stdout)
        let aps = result["aps"] as? [[String: Any]] ?? []
        XCTAssertEqual(aps.first?["uuid"] as? String, Self.uuid, json.stdout)
        XCTAssertEqual(aps.first?["friendly_name"] as? String, "RigAP", json.stdout)
        XCTAssertEqual(aps.first?["wps_state"] as? Int, 2, json.stdout)
        assertERStopped(after: before, "list --json")
    }

    /// A device starting WPS on the AP's wired port: hostapd relays its M1 to the subscribed ER, which lists it.
    /// (The ER cannot complete that enrollment here: hostapd 2.10 drops the ER's reply, PutWLANResponse, for a
    /// station without its over-the-air WPS flag, "WPS UPnP: No matching STA found"; so `er pin`/`pbc` stop at
    /// their deadline on this rig and are not tested against it.)
    func testListReportsAnEnrolleeTheAPRelays() async throws {
        let process = try InteractiveProcess("esp-prov", ["wps", "er", "list", "--ctrl", er.socketPath, "--timeout", "20", "--json"])
        let apSeen = try await process.waitFor("\"er_ap\"", timeout: 15)
        XCTAssertNotNil(apSeen, process.transcript)
        XCTAssertEqual(try command(station, "WPS_PIN any 24681353"), "24681353")
        let enrolleeSeen = try await process.waitFor("\"er_enrollee\"", timeout: 15)
        XCTAssertNotNil(enrolleeSeen, "the relayed enrollee never appeared:\n\(process.transcript)\n\(rig.log(of: ap))")
        process.signal(SIGINT)
        XCTAssertEqual(try process.wait(timeout: 15), 130, process.transcript)
        let event = process.transcript.split(separator: "\n").first { $0.contains("\"event\":\"er_enrollee\"") }
            .flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] } ?? [:]
        XCTAssertEqual(event["device_name"] as? String, "esp32-board", process.transcript)
        XCTAssertEqual(event["m1"] as? Bool, true, process.transcript)
        assertERStopped(after: 0, "list with an enrollee")
    }

    /// `pin` and `pbc` wait within `--timeout` and stop the ER: `pbc` for an enrollee no AP relayed,
    /// `pin` after the ER accepted the PIN (`wps_started`) with no device completing.
    func testEnrollWaitsAreBoundedAndStopTheER() async throws {
        let pbc = try await espProv(["pbc", "--enrollee", "02:00:00:00:00:42", "--timeout", "3"])
        XCTAssertEqual(pbc.status, 7, pbc.output)
        XCTAssertTrue(pbc.stderr.contains("no AP relayed an enrollee 02:00:00:00:00:42"), pbc.stderr)
        assertERStopped(after: 0, "pbc")

        let before = unsubscriptions()
        let pin = try await espProv(["pin", "--pin", "2468-1353", "--timeout", "3", "--json"])
        XCTAssertEqual(pin.status, 7, pin.output)
        XCTAssertTrue(pin.stdout.contains("\"event\":\"wps_started\""), "the ER accepted WPS_ER_PIN: \(pin.stdout)")
        XCTAssertEqual(lastJSON(pin.stdout)["exit_code"] as? Int, 7, pin.stdout)
        assertERStopped(after: before, "pin")
    }

    func testLearnReportsTheAPsSettingsButNeverItsKey() async throws {
        let json = try await espProv(["learn", "--ap", Self.uuid, "--ap_pin_file", try pinFile(Self.apPin), "--json", "-v"])
        XCTAssertEqual(json.status, 0, json.output + rig.log(of: er))
        let result = lastJSON(json.stdout)
        XCTAssertEqual(result["outcome"] as? String, "learned", json.stdout)
        XCTAssertEqual(result["ssid"] as? String, "rig-wps", json.stdout)
        XCTAssertEqual(result["auth"] as? String, "WPA2PSK", json.stdout)
        XCTAssertEqual(result["encryption"] as? String, "CCMP", json.stdout)
        XCTAssertTrue(json.stdout.contains("WPS-ER-AP-SETTINGS (credential not shown)"), "-v names the event only: \(json.stdout)")

        let before = unsubscriptions()
        let text = try await espProv(["learn", "--ap", Self.uuid, "-v"], environment: ["ESP_PROV_WPS_AP_PIN": Self.apPin])
        XCTAssertEqual(text.status, 0, text.output)
        XCTAssertTrue(text.stdout.contains("SSID 'rig-wps', auth WPA2PSK, encryption CCMP (key not shown)"), text.stdout)
        assertERStopped(after: before, "learn")
    }

    func testWrongAPPinExitsWithTheWrongPinCodeAndStopsTheER() async throws {
        // 00000000 has a valid checksum, so it reaches the AP, which refuses it at M4 (config_error 18).
        let result = try await espProv(["learn", "--ap", Self.uuid, "--ap_pin_file", try pinFile("00000000"), "--timeout", "20"])
        XCTAssertEqual(result.status, 21, result.output)
        XCTAssertTrue(result.stderr.contains("wrong PIN (config_error 18"), result.stderr)
        assertERStopped(after: 0, "a wrong PIN")
    }

    func testAnAPThatNeverAnswersIsNamedAtTheDeadline() async throws {
        let result = try await espProv(["learn", "--ap", "02:00:00:00:00:99", "--timeout", "3"],
                                       environment: ["ESP_PROV_WPS_AP_PIN": Self.apPin])
        XCTAssertEqual(result.status, 7, result.output)
        XCTAssertTrue(result.stderr.contains("no AP answered over UPnP for 02:00:00:00:00:99"), result.stderr)
        XCTAssertTrue(result.stderr.contains(Self.uuid), "the APs that did answer are named: \(result.stderr)")
        assertERStopped(after: 0, "the deadline")
    }

    func testConfigGivesTheAPANewSSIDAndKeyReadBackFromTheAP() async throws {
        let bssid = try XCTUnwrap(apCommand("GET_CONFIG").split(separator: "\n").first { $0.hasPrefix("bssid=") }?.dropFirst(6))
        let keyFile = "\(rig.directory)/new-key"
        try "\(Self.newKey)\n".write(toFile: keyFile, atomically: true, encoding: .utf8)
        let result = try await espProv(["config", "--ap", String(bssid), "--ssid", "er-new-net", "--auth", "WPA2PSK", "--encr", "CCMP",
                                        "--key_file", keyFile, "--json", "-v"],
                                       environment: ["ESP_PROV_WPS_AP_PIN": Self.apPin])
        XCTAssertEqual(result.status, 0, result.output + rig.log(of: er))
        XCTAssertEqual(lastJSON(result.stdout)["outcome"] as? String, "configured", result.stdout)
        XCTAssertEqual(lastJSON(result.stdout)["ssid"] as? String, "er-new-net", result.stdout)
        // hostapd applies new WPS settings by reloading its configuration a moment after the exchange.
        let deadline = Date().addingTimeInterval(10)
        var config = ""
        repeat {
            config = try apCommand("GET_CONFIG")
            if config.contains("ssid=er-new-net\n") { break }
            usleep(100_000)
        } while Date() < deadline
        XCTAssertTrue(config.contains("ssid=er-new-net\n"), config)
        XCTAssertTrue(config.contains("passphrase=\(Self.newKey)\n"), "the AP has the new key")
        XCTAssertTrue(config.contains("key_mgmt=WPA-PSK"), config)
        assertERStopped(after: 0, "config")
    }

    /// Without --key_file or ESP_PROV_WPS_NEW_KEY, on a terminal: a prompt, and the key typed is not echoed.
    func testConfigPromptsForTheKeyWithoutEcho() async throws {
        let process = try InteractiveProcess(
            "esp-prov", ["wps", "er", "config", "--ctrl", er.socketPath, "--ap", Self.uuid, "--ssid", "er-prompted"],
            pseudoTerminal: true, environment: ["ESP_PROV_WPS_AP_PIN": Self.apPin])
        try process.answer("New key for the AP: ", with: Self.newKey)
        XCTAssertEqual(try process.wait(timeout: 30), 0, process.transcript)
        XCTAssertTrue(process.transcript.contains("now has SSID 'er-prompted'"), process.transcript)
        assertNoSecret(process.transcript)
        let deadline = Date().addingTimeInterval(10)
        while !(try apCommand("GET_CONFIG")).contains("passphrase=\(Self.newKey)\n") && Date() < deadline { usleep(100_000) }
        XCTAssertTrue(try apCommand("GET_CONFIG").contains("passphrase=\(Self.newKey)\n"), "the AP has the typed key")
    }

    func testConfigRefusesAKeyOnTheCommandLineAndABadKeyBeforeContact() async throws {
        let onCommandLine = try await espProv(["config", "--ap", Self.uuid, "--ssid", "x", "--key", "abcdefgh1"])
        XCTAssertEqual(onCommandLine.status, 2, onCommandLine.output)
        let short = try await espProv(["config", "--ap", Self.uuid, "--ssid", "x"],
                                      environment: ["ESP_PROV_WPS_AP_PIN": Self.apPin, "ESP_PROV_WPS_NEW_KEY": "short"])
        XCTAssertEqual(short.status, 2, short.output)
        XCTAssertTrue(short.stderr.contains("8-63 printable ASCII characters or 64 hex digits"), short.stderr)
        XCTAssertEqual(unsubscriptions(), 0, "nothing was started for a refused key")
    }

    /// An interrupt (SIGTERM, SIGHUP, SIGINT) mid-run: exit 130 with one JSON result, and the ER stopped in the daemon.
    func testInterruptStopsTheERInTheDaemon() async throws {
        for signal in [SIGTERM, SIGHUP, SIGINT] {
            let before = unsubscriptions()
            let process = try InteractiveProcess("esp-prov", ["wps", "er", "list", "--ctrl", er.socketPath, "--timeout", "60", "--json"])
            let seen = try await process.waitFor("\"er_ap\"", timeout: 15)
            XCTAssertNotNil(seen, "signal \(signal): the AP never appeared:\n\(process.transcript)")
            process.signal(signal)
            let status = try process.wait(timeout: 15)
            XCTAssertEqual(status, 130, "signal \(signal): \(process.transcript)")
            assertNoSecret(process.transcript)
            let results = process.transcript.split(separator: "\n").filter { $0.contains("\"event\":\"result\"") }
            XCTAssertEqual(results.count, 1, "signal \(signal): one result line: \(process.transcript)")
            XCTAssertTrue(results.first?.contains("\"exit_code\":130") == true, process.transcript)
            assertERStopped(after: before, "signal \(signal)")
        }
    }

    /// Scripts read the first line (`| head -1`) or pass everything on (`| cat`): the run ends with its own status and stops the ER.
    func testPipedOutputHeadAndCat() async throws {
        for (reader, expected) in [("head -1", 1), ("cat", 4)] {
            let before = unsubscriptions()
            let script = #""$0" "$@" | "# + reader + #"; exit "${PIPESTATUS[0]}""#
            let result = try await Binaries.run(
                "/bin/bash", ["-c", script, Binaries.url("esp-prov").path, "wps", "er", "list", "--ctrl", er.socketPath, "--timeout", "3", "--json"],
                timeout: 40)
            XCTAssertEqual(result.status, 0, "\(reader): \(result.output)")
            let lines = result.stdout.split(separator: "\n")
            XCTAssertEqual(lines.count, expected, "\(reader): \(result.stdout)")
            XCTAssertTrue(lines.first?.contains("\"event\":\"wps_daemon\"") == true, "\(reader): \(result.stdout)")
            if reader == "cat", lines.count == 4 {
                XCTAssertTrue(lines[1].contains("\"event\":\"er_started\""), result.stdout)
                XCTAssertTrue(lines[2].contains("\"event\":\"er_ap\""), result.stdout)
                XCTAssertTrue(lines[3].contains("\"outcome\":\"listed\""), result.stdout)
            }
            assertERStopped(after: before, reader)
        }
    }
}
