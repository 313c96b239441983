import DPP
import Foundation
import TestSupport
import WpaCtrl
import XCTest

/// `esp-prov dpp enroll` (and `uri`, `sign`) against real daemons over DPP's TCP transport; the
/// configurator is driven by hand (as wpa_cli would) or by `esp-prov dpp configure`.
final class DPPEnrollTests: DPPCLITestCase {
    /// Starts `esp-prov dpp enroll` in the background and returns it with the URI it printed.
    private func startEnroll(_ daemon: DaemonRig.Daemon, _ extra: [String] = []) throws -> (InteractiveProcess, String) {
        let process = try InteractiveProcess("esp-prov", ["dpp", "enroll", "--ctrl", daemon.socketPath, "--tcp_port", "8908"] + extra,
                                             environment: ["ESP_PROV_WPA_CTRL_DIR": clientDirectory])
        try process.expect("DPP:")
        let rest = try process.expect(";;")
        return (process, "DPP:" + rest + ";;")
    }

    func testWpaSupplicantEnrollsThroughAHandDrivenConfigurator() throws {
        let enrollee = try startEnrolleeSupplicant()
        let configurator = try rig.startWpaSupplicant(name: "conf", interface: NetworkNamespace.veth.a)
        let (process, uri) = try startEnroll(enrollee, ["-v"])
        let control = try client(configurator)
        let configuratorID = try control.id("DPP_CONFIGURATOR_ADD")
        let peer = try control.id("DPP_QR_CODE \(uri)")
        let ssidHex = Data("lab".utf8).map { String(format: "%02x", $0) }.joined()
        try control.expectOK("DPP_AUTH_INIT peer=\(peer) configurator=\(configuratorID) conf=sta-psk ssid=\(ssidHex) "
                             + "pass=\(Self.passphraseHex) tcp_addr=\(NetworkNamespace.address.b) tcp_port=8908 neg_freq=2412")
        XCTAssertEqual(try process.wait(), 0, process.transcript)
        let transcript = process.transcript
        let controllerStarted = try XCTUnwrap(transcript.range(of: "> DPP_CONTROLLER_START"), transcript)
        let uriShown = try XCTUnwrap(transcript.range(of: uri), transcript)
        XCTAssertLessThan(controllerStarted.lowerBound, uriShown.lowerBound,
                          "listening before the URI is shown: a configurator may connect as soon as it reads it")
        XCTAssertTrue(transcript.contains("enrolled: received a configuration for SSID lab (AKM psk), network id 0"), transcript)
        XCTAssertTrue(transcript.contains("< DPP-CONFOBJ-PASS <redacted>"), "-v shows the event, masked: \(transcript)")
        assertNoSecret(transcript)
        assertNoClientSocketsLeft()
        let daemon = try client(enrollee)
        XCTAssertTrue(try daemon.command("LIST_NETWORKS").contains("\tlab\t"))
        XCTAssertThrowsError(try daemon.command("DPP_BOOTSTRAP_INFO 1"), "the bootstrap was removed")
        try daemon.expectOK("DPP_CONTROLLER_START role=enrollee")  // port 8908 is free again: the controller was stopped
    }

    func testEspProvOnBothSidesWithHostapdAsEnrollee() throws {
        let enrollee = try rig.startHostapd(name: "ap", interface: NetworkNamespace.veth.b)
        let configurator = try rig.startWpaSupplicant(name: "conf", interface: NetworkNamespace.veth.a)
        let (process, uri) = try startEnroll(enrollee, ["--json"])
        let configure = try espProv(["dpp", "configure", "--ctrl", configurator.socketPath, "--uri", uri, "--ssid", "lab-ap",
                                     "--conf", "ap-psk", "--tcp", NetworkNamespace.address.b],
                                    environment: ["ESP_PROV_PASSPHRASE": Self.passphrase])
        XCTAssertEqual(configure.status, 0, configure.output)
        XCTAssertEqual(try process.wait(), 0, process.transcript)
        assertNoClientSocketsLeft()
        let lines = process.transcript.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        XCTAssertEqual(lines.first?["kind"] as? String, "hostapd")
        let result = try XCTUnwrap(lines.last)
        XCTAssertEqual(result["ok"] as? Bool, true, process.transcript)
        XCTAssertEqual(result["ssid"] as? String, "lab-ap")
        XCTAssertEqual(result["credential_received"] as? Bool, true)
        XCTAssertTrue(lines.contains { $0["event"] as? String == "listening" && $0["tcp_port"] as? Int == 8908 })
        assertNoSecret(process.transcript + configure.output)
    }

    func testWpaSupplicantEnrollsFromHostapdConfiguratorBothThroughEspProv() throws {
        let enrollee = try startEnrolleeSupplicant()
        let configurator = try rig.startHostapd(name: "ap", interface: NetworkNamespace.veth.a)
        let (process, uri) = try startEnroll(enrollee)
        let configure = try espProv(["dpp", "configure", "--ctrl", configurator.socketPath, "--uri", uri, "--ssid", "lab",
                                     "--passphrase", Self.passphrase, "--tcp", NetworkNamespace.address.b, "--json"])
        XCTAssertEqual(configure.status, 0, configure.output)
        XCTAssertEqual(try jsonLines(configure).first?["kind"] as? String, "hostapd")
        XCTAssertEqual(try process.wait(), 0, process.transcript)
        assertNoClientSocketsLeft()
        XCTAssertTrue(process.transcript.contains("network id 0"), process.transcript)
    }

    func testNoConfiguratorEndsAtTheDeadline() throws {
        let enrollee = try startEnrolleeSupplicant()
        let result = try espProv(["dpp", "enroll", "--ctrl", enrollee.socketPath, "--tcp_port", "8908", "--timeout", "0.5", "--json"])
        XCTAssertEqual(result.status, 7, result.output)
        let lines = try jsonLines(result)
        XCTAssertEqual(lines.map { $0["event"] as? String }, ["daemon", "bootstrap", "listening", "result"])
        XCTAssertTrue(result.stderr.contains("no configurator reached this enrollee"), result.stderr)
    }

    func testInterruptRemovesTheBootstrapAndStopsTheController() throws {
        let enrollee = try startEnrolleeSupplicant()
        let (process, _) = try startEnroll(enrollee)
        XCTAssertTrue(process.transcript.contains("dpp: listening as a DPP TCP controller on port 8908"),
                      "the controller runs once the URI is out: \(process.transcript)")
        kill(process.pid, SIGINT)
        XCTAssertEqual(try process.wait(), 130, process.transcript)
        XCTAssertTrue(process.transcript.contains("interrupted"), process.transcript)
        assertNoClientSocketsLeft()
        let daemon = try client(enrollee)
        XCTAssertThrowsError(try daemon.command("DPP_BOOTSTRAP_INFO 1"))
        try daemon.expectOK("DPP_CONTROLLER_START role=enrollee")
    }

    /// A controller left running in the daemon (an earlier enroll was SIGKILLed): the refusal says
    /// so and names the remedy, and --restart_controller clears it.
    func testControllerLeftRunningIsNamedAndRestartControllerClearsIt() throws {
        let enrollee = try startEnrolleeSupplicant()
        try client(enrollee).expectOK("DPP_CONTROLLER_START tcp_port=8908 role=enrollee")
        let refused = try espProv(["dpp", "enroll", "--ctrl", enrollee.socketPath, "--tcp_port", "8908", "--timeout", "1"])
        XCTAssertEqual(refused.status, 2, refused.output)
        XCTAssertTrue(refused.stderr.contains("a DPP controller may still be running in the daemon"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("--restart_controller"), refused.stderr)
        let restarted = try espProv(["dpp", "enroll", "--ctrl", enrollee.socketPath, "--tcp_port", "8908", "--restart_controller",
                                     "--timeout", "0.5", "--json"])
        XCTAssertEqual(restarted.status, 7, restarted.output)
        XCTAssertEqual(try jsonLines(restarted).map { $0["event"] as? String }, ["daemon", "bootstrap", "listening", "result"])
        try client(enrollee).expectOK("DPP_CONTROLLER_START tcp_port=8908 role=enrollee")  // stopped again at the end
    }

    func testURIKeepsTheBootstrapAndTheSameKeyGivesTheSameURI() throws {
        let daemon = try startEnrolleeSupplicant()
        let keyFile = rig.directory + "/bootstrap.key"
        // A P-256 private key as DER hex, from the daemon itself (DPP_BOOTSTRAP_GET_KEY is not in 2.10: use a configurator's).
        let control = try client(daemon)
        let key = try control.command("DPP_CONFIGURATOR_GET_KEY \(try control.id("DPP_CONFIGURATOR_ADD"))")
        try key.write(toFile: keyFile, atomically: true, encoding: .utf8)
        let arguments = ["dpp", "uri", "--ctrl", daemon.socketPath, "--chan", "81/1,81/6", "--mac", "02:00:00:00:00:01",
                         "--info", "pi", "--key_file", keyFile, "--json"]
        let first = try espProv(arguments)
        let second = try espProv(arguments + ["--qr_output", rig.directory + "/uri.svg"])
        XCTAssertEqual(first.status, 0, first.output)
        XCTAssertTrue(try String(contentsOfFile: rig.directory + "/uri.svg", encoding: .utf8).contains("<svg"))
        let firstURI = try XCTUnwrap(try jsonLines(first).last?["uri"] as? String)
        XCTAssertEqual(try jsonLines(second).last?["uri"] as? String, firstURI)
        let uri = try DPPURI(parsing: firstURI)
        XCTAssertEqual(uri.channels.map(\.description), ["81/1", "81/6"])
        XCTAssertEqual(uri.macText, "02:00:00:00:00:01")
        XCTAssertEqual(uri.info, "pi")
        let id = try XCTUnwrap(try jsonLines(first).last?["id"] as? Int)
        XCTAssertTrue(try control.command("DPP_BOOTSTRAP_INFO \(id)").contains("pkhash=\(uri.pkhash)"), "kept in the daemon")
        assertNoSecret(first.output + second.output, [key])
    }

    func testSignGivesTheDaemonAConnectorWithoutPrintingItsKey() throws {
        let daemon = try rig.startWpaSupplicant(name: "conf")
        let result = try espProv(["dpp", "sign", "--ctrl", daemon.socketPath, "--ssid", "lab", "--json", "-v"])
        XCTAssertEqual(result.status, 0, result.output)
        let connector = try XCTUnwrap(try jsonLines(result).last?["connector"] as? String)
        XCTAssertEqual(connector.split(separator: ".").count, 3, "a JWS: header.payload.signature")
        XCTAssertTrue(result.stderr.contains("< DPP-NET-ACCESS-KEY <redacted>"), result.stderr)
        assertNoClientSocketsLeft()
    }

    /// With dpp_config_processing=0 (the rig's configurator) the daemon stores nothing: `sign` says
    /// so instead of claiming the daemon holds a connector.
    func testSignSaysWhetherTheDaemonStoredTheConnector() throws {
        let reporting = try rig.startWpaSupplicant(name: "conf")
        let notStored = try espProv(["dpp", "sign", "--ctrl", reporting.socketPath, "--ssid", "lab"])
        XCTAssertEqual(notStored.status, 0, notStored.output)
        XCTAssertEqual(try client(reporting).command("LIST_NETWORKS").split(separator: "\n").count, 1, "no network was added")
        XCTAssertTrue(notStored.stdout.contains("the daemon did not store it"), notStored.stdout)
        XCTAssertFalse(notStored.stdout.contains("now holds"), notStored.stdout)
    }

    /// With dpp_config_processing=2 wpa_supplicant adds the network after the configuration object's
    /// last event (DPP-NET-ACCESS-KEY, then DPP-NETWORK-ID): `sign` reports that network's id, the
    /// one the daemon really holds (it used to stop reading at the key and report none).
    func testSignReportsTheNetworkTheDaemonAdded() throws {
        let storing = try startEnrolleeSupplicant(name: "conf")
        let result = try espProv(["dpp", "sign", "--ctrl", storing.socketPath, "--ssid", "lab", "--json"])
        XCTAssertEqual(result.status, 0, result.output)
        let id = try XCTUnwrap(try jsonLines(result).last?["network_id"] as? Int, result.stdout)
        let networks = try client(storing).command("LIST_NETWORKS").split(separator: "\n").dropFirst()
        XCTAssertEqual(networks.map { String($0.split(separator: "\t", omittingEmptySubsequences: false)[0]) }, ["\(id)"], "\(networks)")
        XCTAssertEqual(try client(storing).command("GET_NETWORK \(id) ssid"), "\"lab\"")
        let text = try espProv(["dpp", "sign", "--ctrl", storing.socketPath, "--ssid", "lab"])
        XCTAssertEqual(text.status, 0, text.output)
        XCTAssertTrue(text.stdout.contains("the daemon stored it as network id"), text.stdout)
    }
}
