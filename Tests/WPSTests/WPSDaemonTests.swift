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
        if let reason = DaemonRig.unavailableReason { throw CannotRun("real daemons unavailable: \(reason)") }
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
        XCTAssertFalse(enrollee.stderr.contains("WPS is weak security"), "not with --json")
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
        XCTAssertTrue(enrollee.stderr.contains("or run with --update_config"), enrollee.stderr)
        _ = try finished(registrar)
    }

    /// `--save --update_config` does what the user otherwise edits the file for: `SET update_config 1`, then `SAVE_CONFIG`.
    func testSaveWithUpdateConfigFlagTurnsItOnAndSaves() async throws {
        try startDaemons(stationConfig: "update_config=0")
        let registrar = try await started(["pbc", "--ctrl", ap.socketPath, "--timeout", "20"])
        let enrollee = try await espProv(["pbc", "--ctrl", station.socketPath, "--save", "--update_config", "--timeout", "20"])
        XCTAssertEqual(enrollee.status, 0, enrollee.output)
        XCTAssertTrue(enrollee.stdout.contains("saved to wpa_supplicant's configuration"), enrollee.stdout)
        let saved = try String(contentsOfFile: "\(rig.directory)/sta.conf", encoding: .utf8)
        XCTAssertTrue(saved.contains("ssid=\"rig-wps\""), saved)
        XCTAssertEqual(try command(station, "GET update_config"), "1")
        _ = try finished(registrar)
        let alone = try await espProv(["pbc", "--ctrl", station.socketPath, "--update_config"])
        XCTAssertEqual(alone.status, 2, alone.output)
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


    // MARK: interrupts, output as it happens, closed pipes (issue 25)

    /// The `result` lines of a JSON transcript.
    private func resultLines(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .filter { $0["event"] as? String == "result" }
    }

    /// Every interrupt signal on hostapd's push button: exit 130 with one `result`, and hostapd's
    /// own `WPS_GET_STATUS` afterwards shows the window closed (it stayed open for 120 s before).
    func testInterruptClosesHostapdsPushButtonWindowOnEverySignal() async throws {
        try startDaemons()
        for (signal, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")] {
            let registrar = try await started(["pbc", "--ctrl", ap.socketPath, "--timeout", "60"])
            XCTAssertTrue(try command(ap, "WPS_GET_STATUS").contains("PBC Status: Active"), "the window opened")
            registrar.signal(signal)
            let status = try registrar.wait(timeout: 15)
            XCTAssertEqual(status, 130, "\(name): \(registrar.transcript)")
            let results = resultLines(registrar.transcript)
            XCTAssertEqual(results.count, 1, "\(name): one result line: \(registrar.transcript)")
            XCTAssertEqual(results.first?["exit_code"] as? Int, 130)
            let message = results.first?["message"] as? String ?? ""
            XCTAssertTrue(message.contains("the WPS session was cancelled (WPS_CANCEL: OK; hostapd reports PBC Status: "), message)
            XCTAssertFalse(message.contains("PBC Status: Active"), message)
            let after = try command(ap, "WPS_GET_STATUS")
            XCTAssertFalse(after.contains("PBC Status: Active"), "\(name) left the window open: \(after)")
        }
    }

    /// An interrupted `wps pin` on hostapd withdraws the PIN: an enrollee using it afterwards does not join.
    func testInterruptWithdrawsHostapdsAuthorisedPin() async throws {
        try startDaemons()
        let registrar = try await started(["pin", "--ctrl", ap.socketPath, "--pin", "12345670", "--timeout", "60"])
        registrar.signal(SIGTERM)
        XCTAssertEqual(try registrar.wait(timeout: 15), 130, registrar.transcript)
        XCTAssertEqual(resultLines(registrar.transcript).count, 1, registrar.transcript)
        let enrollee = try await espProv(["pin", "--ctrl", station.socketPath, "--pin", "12345670", "--timeout", "8"])
        XCTAssertNotEqual(enrollee.status, 0, "the PIN stayed authorised after the interrupt: \(enrollee.output)")
        XCTAssertFalse(enrollee.stdout.contains("WPS-SUCCESS"), enrollee.stdout)
    }

    /// Text output through a pipe arrives when it happens (the generated PIN must be readable while
    /// the run waits for the registrar), and SIGHUP on wpa_supplicant's side ends its WPS session:
    /// no `key_mgmt=WPS` network is left in the daemon.
    func testGeneratedPinArrivesAtOnceAndHangupEndsTheEnrolleeSession() async throws {
        try startDaemons()
        let enrollee = try InteractiveProcess("esp-prov", ["wps", "pin", "--ctrl", station.socketPath, "--timeout", "60"])
        let beforeStart = try await enrollee.waitFor("enrolling with the PIN", timeout: 15)
        XCTAssertNotNil(beforeStart, enrollee.transcript)
        XCTAssertNotNil(beforeStart?.range(of: #"PIN [0-9]{8}: enter it on the AP's registrar"#, options: .regularExpression),
                        "the PIN line must arrive before the wait: \(enrollee.transcript)")
        let networks = try command(station, "LIST_NETWORKS").split(separator: "\n").dropFirst().compactMap { Int($0.prefix { $0 != "\t" }) }
        XCTAssertTrue(try networks.contains { try command(station, "GET_NETWORK \($0) key_mgmt") == "WPS" }, "the session runs")
        enrollee.signal(SIGHUP)
        XCTAssertEqual(try enrollee.wait(timeout: 15), 130, enrollee.transcript)
        XCTAssertTrue(enrollee.transcript.contains("interrupted (signal \(SIGHUP))"), enrollee.transcript)
        XCTAssertTrue(enrollee.transcript.contains("holds no WPS session network"), enrollee.transcript)
        let left = try command(station, "LIST_NETWORKS").split(separator: "\n").dropFirst().compactMap { Int($0.prefix { $0 != "\t" }) }
        for id in left {
            XCTAssertNotEqual(try command(station, "GET_NETWORK \(id) key_mgmt"), "WPS", "network \(id) is WPS's session, still running")
        }
    }

    /// `-v` daemon lines go to stderr in text mode, never between the stdout lines scripts read;
    /// the weak-security note is printed once, and not with `--json`.
    func testVerboseLinesGoToStderrAndTheNoteOnlyToPeople() async throws {
        try startDaemons()
        let text = try await espProv(["pbc", "--ctrl", ap.socketPath, "--timeout", "1.5", "-v"])
        XCTAssertEqual(text.status, 7, text.output)
        XCTAssertTrue(text.stderr.contains("< WPS-PBC-ACTIVE"), text.stderr)
        XCTAssertFalse(text.stdout.contains("WPS-PBC-ACTIVE"), text.stdout)
        XCTAssertTrue(text.stdout.contains("hostapd on \(ap.socketPath)"), text.stdout)
        XCTAssertEqual(text.stderr.components(separatedBy: "WPS is weak security").count, 2, "once: \(text.stderr)")
        let json = try await espProv(["pbc", "--ctrl", ap.socketPath, "--timeout", "1.5", "--json"])
        XCTAssertEqual(json.status, 7, json.output)
        XCTAssertFalse(json.stderr.contains("weak security"), json.stderr)
    }

    /// `| head -1` closes stdout after the first line: every subcommand that writes must still end
    /// with its own status (Foundation's FileHandle.write trapped); `| cat` gets every line.
    func testOutputThroughAPipeThatClosesOrStaysOpen() async throws {
        try startDaemons()
        let token = "\(rig.directory)/token.ndef"
        let cases: [(arguments: [String], status: Int32)] = [
            (["pbc", "--ctrl", ap.socketPath, "--timeout", "1.5", "--json"], 7),
            (["pbc", "--ctrl", ap.socketPath, "--timeout", "1.5"], 7),
            (["pin", "--ctrl", ap.socketPath, "--pin", "12345670", "--timeout", "1.5", "--json"], 7),
            (["pin", "--ctrl", station.socketPath, "--timeout", "1.5", "--json", "-v"], 7),
            (["pin", "--ctrl", station.socketPath, "--timeout", "1.5"], 7),
            (["nfc-token", "--ctrl", ap.socketPath, "--output", token, "--json"], 0),
            (["check-pin", "1234-5670"], 0),
        ]
        for (reader, complete) in [("head -1", false), ("cat", true)] {
            for (arguments, status) in cases {
                let script = "\"$0\" wps \"$@\" | \(reader); exit ${PIPESTATUS[0]}"
                let result = try await Binaries.run("/bin/bash", ["-c", script, Binaries.url("esp-prov").path] + arguments, timeout: 40)
                assertNoSecret(result.output)
                XCTAssertEqual(result.status, status, "\(arguments.joined(separator: " ")) | \(reader): \(result.output)")
                XCTAssertFalse(result.stdout.isEmpty, "\(arguments.joined(separator: " ")) | \(reader)")
                if complete && arguments.contains("--json") {
                    XCTAssertEqual(resultLines(result.stdout).count, 1, "\(arguments.joined(separator: " ")) | cat: \(result.stdout)")
                }
            }
        }
    }

    /// `wps ap-pin` through `| head -1` and `| cat`, each run on fresh daemons: on the wired rig a second
    /// `WPS_REG` right after a successful one gets no EAP exchange from the station at all.
    func testAPPinOutputThroughAPipeThatClosesOrStaysOpen() async throws {
        for (reader, complete) in [("head -1", false), ("cat", true)] {
            for json in [true, false] {
                rig.stop()
                rig = try DaemonRig()
                try startDaemons()
                let pinFile = "\(rig.directory)/ap-pin"
                try "12345670\n".write(toFile: pinFile, atomically: true, encoding: .utf8)
                let arguments = ["ap-pin", "--ctrl", station.socketPath, "--bssid", "01:80:c2:00:00:03", "--ap_pin_file", pinFile, "--timeout", "20"]
                let script = "\"$0\" wps \"$@\" | \(reader); exit ${PIPESTATUS[0]}"
                let result = try await Binaries.run("/bin/bash", ["-c", script, Binaries.url("esp-prov").path] + arguments + (json ? ["--json"] : []), timeout: 40)
                assertNoSecret(result.output)
                XCTAssertEqual(result.status, 0, "ap-pin json=\(json) | \(reader): \(result.output)")
                XCTAssertFalse(result.stdout.isEmpty, "ap-pin | \(reader)")
                if complete {
                    XCTAssertEqual(json ? resultLines(result.stdout).count : result.stdout.components(separatedBy: "learned the AP's settings").count - 1, 1,
                                   "ap-pin json=\(json) | cat: \(result.stdout)")
                }
            }
        }
    }

    /// `--timeout` bounds the whole run, connecting included: against a daemon that no longer answers
    /// (SIGSTOP), pbc, pin and ap-pin end with exit 7 and say the daemon did not answer, instead of
    /// waiting out each request's own 10 s bound first. The run is killed, and the test fails, if it
    /// is not over 5 s after its 2 s deadline.
    func testTimeoutBoundsTheWholeRunWhenTheDaemonStopsAnswering() async throws {
        try startDaemons()
        let pinFile = "\(rig.directory)/ap-pin"
        try "12345670\n".write(toFile: pinFile, atomically: true, encoding: .utf8)
        let cases: [(daemon: DaemonRig.Daemon, arguments: [String])] = [
            (ap, ["pbc", "--ctrl", ap.socketPath]),
            (ap, ["pin", "--ctrl", ap.socketPath, "--pin", "12345670"]),
            (station, ["ap-pin", "--ctrl", station.socketPath, "--bssid", "01:80:c2:00:00:03", "--ap_pin_file", pinFile]),
        ]
        for (daemon, arguments) in cases {
            kill(daemon.pid, SIGSTOP)
            let run = try InteractiveProcess("esp-prov", ["wps"] + arguments + ["--timeout", "2", "--json"])
            let status = Result { try run.wait(timeout: 7) }
            kill(daemon.pid, SIGCONT)
            XCTAssertEqual(try status.get(), 7, "\(arguments[0]): \(run.transcript)")
            XCTAssertTrue(run.transcript.contains("the daemon did not answer"), "\(arguments[0]): \(run.transcript)")
            assertNoSecret(run.transcript)
        }
        // Nothing was started while the daemons were stopped, and they answer again.
        let status = try command(ap, "WPS_GET_STATUS")
        XCTAssertFalse(status.contains("PBC Status: Active"), status)
    }

    /// WPS allows 4-digit PINs for registrars that show one; both daemons take them.
    func testFourDigitPinOnBothSides() async throws {
        let (enrollee, registered) = try await pinExchange(registrarPIN: "4321", enrollee: ["--pin", "4321"], bothExit: 0)
        XCTAssertTrue(enrollee.stdout.contains("WPS-SUCCESS: joined 'rig-wps'"), enrollee.stdout)
        XCTAssertEqual(registered["outcome"] as? String, "registered")
    }
}
