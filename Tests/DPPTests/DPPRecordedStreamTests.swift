import DPP
import Foundation
import TestSupport
import WpaCtrl
import XCTest

/// Over-the-air outcomes cannot happen here (no radio): these replay recorded event streams —
/// the no-ACK sequence users report (docs/onboarding.md §2), incompatibility, a refused
/// configuration — through a fake control socket, and check the explanation and exit code.
final class DPPRecordedStreamTests: XCTestCase {
    static let uri = "DPP:C:81/1;M:020000000001;V:2;K:MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgACUfI9G1flrXWvQi7srs4V+s1cIEm96JoTk93PnyvlYHE=;;"
    private var directory: String!

    override func setUpWithError() throws {
        var template = Array("/tmp/dpp-rec-XXXXXX".utf8CString)
        directory = String(cString: try XCTUnwrap(mkdtemp(&template)))
        try FileManager.default.createDirectory(atPath: directory + "/clients", withIntermediateDirectories: true)
        let directory = directory!
        addTeardownBlock { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// The first-try no-ACK pattern: five unacknowledged authentication requests, then failure.
    static let noACKStream: [String] = Array(repeating: [
        "<3>DPP-TX dst=02:00:00:00:00:01 freq=2412 type=0",
        "<3>DPP-TX-STATUS dst=02:00:00:00:00:01 freq=2412 result=no-ACK",
    ], count: 5).flatMap { $0 } + ["<3>DPP-AUTH-INIT-FAILED"]

    /// A wpa_supplicant stand-in that answers the configurator's commands and plays `stream` after DPP_AUTH_INIT.
    private func fakeSupplicant(_ stream: [String], capability: String = "DPP=2") throws -> FakeControlDaemon {
        let fake = try FakeControlDaemon(path: directory + "/wlan0") { command in
            switch command.split(separator: " ").first ?? "" {
            case "STATUS": return .init(reply: "bssid=00:00:00:00:00:00\nwpa_state=DISCONNECTED\n")
            case "GET_CAPABILITY": return .init(reply: capability)
            case "DPP_QR_CODE", "DPP_CONFIGURATOR_ADD": return .init(reply: "1")
            case "DPP_AUTH_INIT": return .init(reply: "OK\n", events: stream)
            default: return .init(reply: "OK\n")
            }
        }
        addTeardownBlock { fake.stop() }
        return fake
    }

    private func configure(_ extra: [String] = []) throws -> ProcessResult {
        let result = try Binaries.run("esp-prov", ["dpp", "configure", "--ctrl", directory + "/wlan0", "--uri", Self.uri,
                                                   "--ssid", "lab", "--passphrase", "lab-passphrase-42", "--timeout", "3"] + extra,
                                      environment: ["ESP_PROV_WPA_CTRL_DIR": directory + "/clients"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory + "/clients"), [])
        return result
    }

    func testNoACKOnEveryTryNamesTheChannelAndTheMAC() throws {
        let fake = try fakeSupplicant(Self.noACKStream)
        let result = try configure(["--json"])
        XCTAssertEqual(result.status, 18, result.output)
        XCTAssertTrue(result.stderr.contains("all 5 authentication requests went unacknowledged (no-ACK) on 2412 MHz to 02:00:00:00:00:01"),
                      result.stderr)
        XCTAssertTrue(result.stderr.contains("its URI says it listens on channel 81/1 (2412 MHz) with MAC 02:00:00:00:00:01"), result.stderr)
        let lines = result.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertEqual(lines.filter { $0["event"] as? String == "tx" && $0["result"] as? String == "no-ACK" }.count, 5)
        XCTAssertEqual(lines.last?["error"] as? String, "dpp_no_peer")
        // Everything added was removed again, and the event socket detached.
        let commands = fake.commands
        XCTAssertTrue(commands.contains("DPP_BOOTSTRAP_REMOVE 1"), "\(commands)")
        XCTAssertTrue(commands.contains("DPP_CONFIGURATOR_REMOVE 1"), "\(commands)")
        XCTAssertTrue(commands.contains("DPP_STOP_LISTEN"), "\(commands)")
        XCTAssertEqual(fake.attachedCount, 0)
        XCTAssertFalse(commands.contains { $0.contains("lab-passphrase-42") }, "the passphrase travels hex-encoded only")
    }

    func testNotCompatibleAndRefusedConfigurationAreRejections() throws {
        for (stream, expected) in [
            (["<3>DPP-NOT-COMPATIBLE", ], "not compatible"),
            (["<3>DPP-AUTH-SUCCESS init=1", "<3>DPP-CONF-FAILED"], "configuration was refused or failed"),
            (["<3>DPP-FAIL Peer indicated mismatching capabilities"], "authentication failed (DPP-FAIL Peer indicated"),
        ] {
            let fake = try fakeSupplicant(stream)
            let result = try configure()
            XCTAssertEqual(result.status, 19, result.output)
            XCTAssertTrue(result.stderr.contains(expected), result.stderr)
            fake.stop()
        }
    }

    func testAuthenticatedButNeverConfiguredIsATimeoutNamingTheStage() throws {
        _ = try fakeSupplicant(["<3>DPP-AUTH-SUCCESS init=1"])
        let result = try configure(["--timeout", "0.5"])
        XCTAssertEqual(result.status, 7, result.output)
        XCTAssertTrue(result.stderr.contains("stopped after authenticated"), result.stderr)
    }

    func testBuildWithoutDPPIsUnsupported() throws {
        _ = try fakeSupplicant([], capability: "FAIL\n")
        let result = try configure()
        XCTAssertEqual(result.status, 16, result.output)
        XCTAssertTrue(result.stderr.contains("built without DPP"), result.stderr)
    }

    func testHostileRepliesAreProtocolErrors() throws {
        let fake = try FakeControlDaemon(path: directory + "/wlan0") { command in
            switch command.split(separator: " ").first ?? "" {
            case "STATUS": return .init(reply: "wpa_state=DISCONNECTED\n")
            case "GET_CAPABILITY": return .init(reply: "DPP=2")
            case "DPP_QR_CODE": return .init(reply: "\u{1b}[31mnot-an-id")
            default: return .init(reply: "OK\n")
            }
        }
        defer { fake.stop() }
        let result = try configure()
        XCTAssertEqual(result.status, 8, result.output)
        XCTAssertTrue(result.stderr.contains("unexpected reply to DPP_QR_CODE"), result.stderr)
        XCTAssertFalse(result.stderr.contains("\u{1b}"), "control characters from the peer are not echoed")
    }
}

/// `DPPExchange` on the recorded streams directly (no process): the rules behind the messages.
final class DPPExchangeTests: XCTestCase {
    private func run(_ stream: [String], role: DPPFailure.Role = .configurator) -> [DPPExchange.Step] {
        var exchange = DPPExchange(role: role, peerURI: try? DPPURI(parsing: DPPRecordedStreamTests.uri))
        return stream.compactMap { exchange.consume(WpaCtrlEvent(parsing: $0)) }
    }

    func testNoACKStreamEndsInNoAcknowledgement() {
        guard case .failed(.noAcknowledgement(let tries, let frequencies, let destination, let uri))? = run(DPPRecordedStreamTests.noACKStream).last else {
            return XCTFail("\(run(DPPRecordedStreamTests.noACKStream))")
        }
        XCTAssertEqual(tries, 5)
        XCTAssertEqual(Set(frequencies), [2412])
        XCTAssertEqual(destination, "02:00:00:00:00:01")
        XCTAssertEqual(uri?.channels.first?.frequency, 2412)
    }

    func testAcknowledgedRequestsThenFailureIsAnAuthenticationFailure() {
        let steps = run(["<3>DPP-TX dst=02:00:00:00:00:01 freq=2412 type=0",
                         "<3>DPP-TX-STATUS dst=02:00:00:00:00:01 freq=2412 result=SUCCESS", "<3>DPP-AUTH-INIT-FAILED"])
        XCTAssertEqual(steps.last, .failed(.authenticationFailed("DPP-AUTH-INIT-FAILED")))
    }

    func testEnrolleeCollectsWhatItReceivedButNotTheSecret() {
        var exchange = DPPExchange(role: .enrollee)
        for text in ["<3>DPP-AUTH-SUCCESS init=0", "<3>DPP-CONF-RECEIVED", "<3>DPP-CONFOBJ-AKM psk", "<3>DPP-CONFOBJ-SSID lab",
                     "<3>DPP-CONFOBJ-PASS 6c61622d706173737068726173652d3432", "<3>DPP-CONNECTOR eyJ0eXAiOiJkcHBDb24ifQ.e30.c2ln",
                     "<3>DPP-C-SIGN-KEY 3039301306072a8648ce3d", "<3>DPP-NETWORK-ID 0"] {
            _ = exchange.consume(WpaCtrlEvent(parsing: text))
        }
        XCTAssertEqual(exchange.received.ssid, "lab")
        XCTAssertEqual(exchange.received.akm, "psk")
        XCTAssertEqual(exchange.received.connector, "eyJ0eXAiOiJkcHBDb24ifQ.e30.c2ln")
        XCTAssertEqual(exchange.received.signingKey, "3039301306072a8648ce3d")
        XCTAssertEqual(exchange.received.networkID, 0)
        XCTAssertTrue(exchange.received.hasCredential)
        XCTAssertFalse("\(exchange)".contains("6c61622d"), "the passphrase is not kept")
        XCTAssertEqual(WpaCtrlEvent(parsing: "<3>DPP-CONFOBJ-PASS 6c61").displayText, "DPP-CONFOBJ-PASS <redacted>")
    }

    func testSilenceAndStallAtTheDeadline() {
        let quiet = DPPExchange(role: .configurator)
        XCTAssertEqual(quiet.deadlinePassed(after: .seconds(5), tcp: nil), .silence(waited: .seconds(5), role: .configurator, tcp: nil))
        XCTAssertTrue("\(quiet.deadlinePassed(after: .seconds(5), tcp: nil))".contains("the enrollee never answered within 5 s; is it listening, is the URI current?"))
    }
}
