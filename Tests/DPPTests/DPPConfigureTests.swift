import DPP
import Foundation
import TestSupport
import WpaCtrl
import XCTest

/// `esp-prov dpp configure` against real wpa_supplicant and hostapd over DPP's TCP transport,
/// each test in its own network namespace (veth0 10.77.0.1, veth1 10.77.0.2).
final class DPPConfigureTests: DPPCLITestCase {
    /// `--timeout` bounds the whole run, connecting included: against a daemon that stopped answering
    /// (SIGSTOP), `configure` and `enroll` end with exit 7 saying the daemon did not answer, instead of
    /// waiting out each request's own 10 s bound first. The run is killed, and the test fails, if it
    /// is not over 5 s after its 2 s deadline.
    func testTimeoutBoundsTheWholeRunWhenTheDaemonStopsAnswering() throws {
        let daemon = try rig.startWpaSupplicant(name: "conf")
        let someURI = try Fixtures.decode([DPPURITests.Vector].self, from: "dpp/bootstrap-uris.json")[0].uri
        let cases = [
            ["dpp", "configure", "--ctrl", daemon.socketPath, "--uri", someURI, "--ssid", "lab", "--timeout", "2", "--json"],
            ["dpp", "enroll", "--ctrl", daemon.socketPath, "--tcp_port", "8911", "--timeout", "2", "--json"],
        ]
        for arguments in cases {
            kill(daemon.pid, SIGSTOP)
            let run = try InteractiveProcess("esp-prov", arguments,
                                             environment: ["ESP_PROV_WPA_CTRL_DIR": clientDirectory, "ESP_PROV_PASSPHRASE": Self.passphrase])
            let status = Result { try run.wait(timeout: 7) }
            kill(daemon.pid, SIGCONT)
            XCTAssertEqual(try status.get(), 7, "\(arguments[1]): \(run.transcript)")
            XCTAssertTrue(run.transcript.contains("the daemon did not answer"), "\(arguments[1]): \(run.transcript)")
            assertNoSecret(run.transcript)
        }
        XCTAssertEqual(try client(daemon).command("PING"), "PONG", "the daemon answers again")
    }

    func testWpaSupplicantConfiguresWpaSupplicantOverTCP() throws {
        let configurator = try rig.startWpaSupplicant(name: "conf")
        let enrollee = try startEnrolleeSupplicant()
        let uri = try listenAsTCPEnrollee(enrollee)
        let result = try espProv(["dpp", "configure", "--ctrl", configurator.socketPath, "--uri", uri, "--ssid", "lab",
                                  "--passphrase_file", "-", "--tcp", NetworkNamespace.address.b, "--json", "-v"],
                                 stdin: Self.passphrase + "\n")
        XCTAssertEqual(result.status, 0, result.output)
        let lines = try jsonLines(result)
        XCTAssertEqual(lines.first?["event"] as? String, "daemon")
        XCTAssertEqual(lines.first?["kind"] as? String, "wpa_supplicant")
        XCTAssertEqual(lines.first?["dpp_version"] as? Int, 2)
        let stages = lines.filter { $0["event"] as? String == "progress" }.compactMap { $0["stage"] as? String }
        // (DPP-CONF-REQ-RX, "configuration_requested", comes only over the air.)
        XCTAssertEqual(stages.first, "authenticated", "\(stages)")
        XCTAssertEqual(stages.last, "configuration_sent", "\(stages)")
        XCTAssertEqual(lines.last?["ssid"] as? String, "lab")
        XCTAssertEqual(lines.last?["pkhash"] as? String, try DPPURI(parsing: uri).pkhash)
        assertNoSecret(result.output)
        XCTAssertTrue(result.stderr.contains("pass=<redacted>"), "-v shows the command, masked: \(result.stderr)")

        // The enrollee really got the network; the configurator keeps nothing of this run.
        let networks = try client(enrollee).command("LIST_NETWORKS")
        XCTAssertTrue(networks.contains("\tlab\t"), networks)
        let daemon = try client(configurator)
        XCTAssertThrowsError(try daemon.command("DPP_BOOTSTRAP_INFO 1"), "the peer bootstrap was removed")
        XCTAssertThrowsError(try daemon.command("DPP_CONFIGURATOR_GET_KEY 1"), "the configurator was removed")
    }

    /// On a terminal with no passphrase given, `configure` asks for it without echo (as the
    /// provisioning command does) instead of exiting 2; without a terminal the usage error says why
    /// the configurator's own wpa_supplicant cannot supply it (GET_NETWORK answers `*`, checked here).
    func testPassphraseIsAskedWithoutEchoOnATerminal() throws {
        let configurator = try rig.startWpaSupplicant(name: "conf")
        let enrollee = try startEnrolleeSupplicant()
        let uri = try listenAsTCPEnrollee(enrollee)
        let control = try client(configurator)
        let id = try control.id("ADD_NETWORK")
        try control.expectOK("SET_NETWORK \(id) ssid \"lab\"")
        try control.expectOK("SET_NETWORK \(id) psk \"\(Self.passphrase)\"")
        XCTAssertEqual(try control.command("GET_NETWORK \(id) psk"), "*", "wpa_supplicant 2.10 hides a stored passphrase")
        let piped = try espProv(["dpp", "configure", "--ctrl", configurator.socketPath, "--uri", uri, "--ssid", "lab",
                                 "--tcp", NetworkNamespace.address.b], stdin: "")
        XCTAssertEqual(piped.status, 2, piped.output)
        XCTAssertTrue(piped.stderr.contains("wpa_supplicant never reveals a stored one (GET_NETWORK answers *)"), piped.stderr)

        let run = try InteractiveProcess(
            "/usr/bin/nsenter", inNamespace(Binaries.url("esp-prov").path, [
                "dpp", "configure", "--ctrl", configurator.socketPath, "--uri", uri, "--ssid", "lab", "--tcp", NetworkNamespace.address.b]),
            pseudoTerminal: true, environment: ["ESP_PROV_WPA_CTRL_DIR": clientDirectory])
        try run.answer("Passphrase for lab:", with: Self.passphrase)
        XCTAssertEqual(try run.wait(timeout: 30), 0, run.transcript)
        try assertSent("sta-psk", reported: run.transcript, output: run.transcript, to: enrollee)
    }

    func testHostapdConfiguresWpaSupplicantOverTCP() throws {
        let configurator = try rig.startHostapd(name: "ap")
        let enrollee = try startEnrolleeSupplicant()
        let uri = try listenAsTCPEnrollee(enrollee)
        let result = try espProv(["dpp", "configure", "--ctrl", configurator.socketDirectory, "--uri", uri, "--ssid", "lab",
                                  "--tcp", "\(NetworkNamespace.address.b):8908", "--conf", "sta-sae"],
                                 environment: ["ESP_PROV_PASSPHRASE": Self.passphrase])
        XCTAssertEqual(result.status, 0, result.output)
        try assertSent("sta-sae", reported: result.stdout, output: result.output, to: enrollee)
    }

    func testConfiguratorKeyFileIsCreatedThenReusedAndNeverPrinted() throws {
        let configurator = try rig.startWpaSupplicant(name: "conf")
        let enrollee = try startEnrolleeSupplicant()
        let uri = try listenAsTCPEnrollee(enrollee)
        let keyFile = rig.directory + "/configurator.key"
        let arguments = ["dpp", "configure", "--ctrl", configurator.socketPath, "--uri", uri, "--ssid", "lab", "--conf", "sta-dpp",
                         "--tcp", NetworkNamespace.address.b, "--configurator_key_file", keyFile, "-v"]
        let first = try espProv(arguments)
        XCTAssertEqual(first.status, 0, first.output)
        let key = try String(contentsOfFile: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertGreaterThan(key.count, 60)
        let mode = try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
        let second = try espProv(arguments)
        XCTAssertEqual(second.status, 0, second.output)
        XCTAssertTrue(second.stderr.contains("DPP_CONFIGURATOR_ADD key=<redacted>"), second.stderr)
        XCTAssertEqual(try String(contentsOfFile: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), key)
        assertNoSecret(first.output + second.output, [key])
    }

    func testBadURINamesTheFieldEvenWithoutADaemon() throws {
        let result = try espProv(["dpp", "configure", "--ctrl", rig.directory + "/none", "--uri", "DPP:M:0200;K:AAAA;;",
                                  "--ssid", "lab", "--passphrase", Self.passphrase, "--json"])
        XCTAssertEqual(result.status, 17, result.output)
        XCTAssertTrue(result.stderr.contains("field M"), result.stderr)
        XCTAssertEqual(try jsonLines(result).last?["error"] as? String, "dpp_uri")
        assertNoSecret(result.stdout)
    }

    func testStaleURIEndsAtTheDeadlineWithTheSilenceMessage() throws {
        let configurator = try rig.startWpaSupplicant(name: "conf")
        let enrollee = try startEnrolleeSupplicant()
        let stale = try listenAsTCPEnrollee(enrollee)
        // The device was re-flashed: a new key, so the URI the configurator holds is stale.
        let control = try client(enrollee)
        try control.expectOK("DPP_BOOTSTRAP_REMOVE *")
        _ = try control.id("DPP_BOOTSTRAP_GEN type=qrcode")
        let result = try espProv(["dpp", "configure", "--ctrl", configurator.socketPath, "--uri", stale, "--ssid", "lab",
                                  "--passphrase", Self.passphrase, "--tcp", NetworkNamespace.address.b, "--timeout", "1.5", "--json"])
        XCTAssertEqual(result.status, 7, result.output)
        // The controller accepted the TCP connection (probed first), so the URI is what is wrong.
        XCTAssertTrue(result.stderr.contains("a DPP controller listens at \(NetworkNamespace.address.b):8908 but did not answer"), result.stderr)
        XCTAssertTrue(result.stderr.contains("the URI is probably not its current one"), result.stderr)
        XCTAssertEqual(try jsonLines(result).last?["error"] as? String, "timeout")
        XCTAssertThrowsError(try client(configurator).command("DPP_BOOTSTRAP_INFO 1"), "cleaned up after a failure too")
    }

    /// Nothing listens at the address: the TCP probe before DPP_AUTH_INIT says "connection refused"
    /// at once (exit 18), instead of waiting out --timeout and saying the enrollee never answered.
    func testNobodyListeningIsRefusedAtOnce() throws {
        let configurator = try rig.startWpaSupplicant(name: "conf")
        let uri = try DPPURI(parsing: try Fixtures.decode([DPPURITests.Vector].self, from: "dpp/bootstrap-uris.json")[0].uri).text
        let result = try espProv(["dpp", "configure", "--ctrl", configurator.socketPath, "--uri", uri, "--ssid", "lab",
                                  "--passphrase", Self.passphrase, "--tcp", NetworkNamespace.address.b, "--timeout", "20", "--json"])
        XCTAssertEqual(result.status, 18, result.output)
        XCTAssertTrue(result.stderr.contains("nothing listens for DPP at \(NetworkNamespace.address.b):8908 (connection refused)"), result.stderr)
        XCTAssertEqual(try jsonLines(result).last?["error"] as? String, "dpp_no_peer")
        XCTAssertThrowsError(try client(configurator).command("DPP_BOOTSTRAP_INFO 1"), "nothing left in the daemon")
    }

    func testWrongSocketsEachGetTheirOwnExitCode() throws {
        let daemon = try rig.startWpaSupplicant(name: "conf")
        try rig.startWpaSupplicant(name: "conf2", interface: NetworkNamespace.veth.b)
        let uri = try Fixtures.decode([DPPURITests.Vector].self, from: "dpp/bootstrap-uris.json")[0].uri
        func configure(_ ctrl: [String]) throws -> ProcessResult {
            try espProv(["dpp", "configure"] + ctrl + ["--uri", uri, "--ssid", "lab", "--conf", "sta-dpp", "--json"])
        }
        let missing = try configure(["--ctrl", rig.directory + "/missing"])
        XCTAssertEqual(missing.status, 14, missing.output)
        XCTAssertEqual(try jsonLines(missing).last?["error"] as? String, "daemon_unreachable")
        let notSocket = try configure(["--ctrl", rig.directory + "/conf.conf"])
        XCTAssertEqual(notSocket.status, 14, notSocket.output)
        XCTAssertTrue(notSocket.stderr.contains("no daemon listens"), notSocket.stderr)
        let wrongInterface = try configure(["--ctrl", daemon.socketDirectory, "--interface", "wlan9"])
        XCTAssertEqual(wrongInterface.status, 14, wrongInterface.output)
        // A directory with one socket is fine; with a stray second one, --interface picks.
        try FileManager.default.copyItem(atPath: rig.directory + "/conf.conf", toPath: daemon.socketDirectory + "/x.conf")
        let oneSocket = try configure(["--ctrl", daemon.socketDirectory, "--timeout", "0.5"])
        XCTAssertEqual(oneSocket.status, 18, "reached the daemon (AUTH_INIT over the air fails without a radio): \(oneSocket.output)")
        XCTAssertTrue(oneSocket.stderr.contains("does this interface have a radio?"), oneSocket.stderr)
        let second = try FakeControlDaemon(path: daemon.socketDirectory + "/wlan1") { _ in .init(reply: "FAIL\n") }
        defer { second.stop() }
        let ambiguous = try configure(["--ctrl", daemon.socketDirectory])
        XCTAssertEqual(ambiguous.status, 2, ambiguous.output)
        XCTAssertTrue(ambiguous.stderr.contains("several control sockets (\(daemon.interface), wlan1): pick one with --interface"), ambiguous.stderr)
    }

    func testUnprivilegedUserGetsThePermissionExitCode() throws {
        let daemon = try rig.startWpaSupplicant(name: "conf")
        chmod(daemon.socketDirectory, 0o750)
        let uri = try Fixtures.decode([DPPURITests.Vector].self, from: "dpp/bootstrap-uris.json")[0].uri
        for ctrl in [daemon.socketPath, daemon.socketDirectory] {
            let result = try Binaries.runAsNobody(
                ["dpp", "configure", "--ctrl", ctrl, "--uri", uri, "--ssid", "lab", "--conf", "sta-dpp"],
                environment: ["ESP_PROV_WPA_CTRL_DIR": clientDirectory])
            let stderr = result.stderr
            XCTAssertEqual(result.status, 15, stderr)
            XCTAssertTrue(stderr.contains("run as root or join"), stderr)
        }
        assertNoClientSocketsLeft()
    }

    func testQRFlagRunsConfigureWithCtrlAndOtherwisePrintsTheCommand() throws {
        let configurator = try rig.startWpaSupplicant(name: "conf")
        let enrollee = try startEnrolleeSupplicant()
        let uri = try listenAsTCPEnrollee(enrollee)
        let advice = try espProv(["--qr", uri, "--ssid", "lab"])
        XCTAssertEqual(advice.status, 2, advice.output)
        XCTAssertTrue(advice.stderr.contains("esp-prov dpp configure --ctrl /run/wpa_supplicant --uri '\(uri)' --ssid 'lab' --passphrase_file FILE"),
                      advice.stderr)
        let run = try espProv(["--qr", uri, "--ctrl", configurator.socketPath, "--ssid", "lab", "--passphrase_file", "-",
                               "--tcp", NetworkNamespace.address.b], stdin: Self.passphrase)
        XCTAssertEqual(run.status, 0, run.output)
        XCTAssertTrue(try client(enrollee).command("LIST_NETWORKS").contains("\tlab\t"))
    }

    /// A configure run succeeded as a user sees it: `reported` says `conf` was sent for SSID lab, no
    /// secret is in `output`, and the enrollee's wpa_supplicant really holds the network.
    private func assertSent(_ conf: String, reported: String, output: String, to enrollee: DaemonRig.Daemon,
                            file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertTrue(reported.contains("configured: sent \(conf) for SSID lab"), reported, file: file, line: line)
        assertNoSecret(output, file: file, line: line)
        XCTAssertTrue(try client(enrollee).command("LIST_NETWORKS").contains("\tlab\t"), file: file, line: line)
    }
}
