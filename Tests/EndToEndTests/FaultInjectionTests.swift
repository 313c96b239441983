import Foundation
import TestSupport
import XCTest

/// A device is an untrusted peer and radios fail. Each test starts `esp-prov-device` with one
/// `--fault_*` flag and checks that `esp-prov` exits with the README's code, says what went wrong,
/// never claims success, and finishes within its deadlines (short ones here, so a hang shows).
final class FaultInjectionTests: EndToEndCase {
    private let wifi = ["--ssid", "HomeNet", "--passphrase", "secret123"]
    /// Short deadlines: every run below must end well within `bound` seconds.
    private let deadlines = ["--request_timeout", "2", "--timeout", "4"]
    private let bound: TimeInterval = 12

    /// Runs one faulty device and one esp-prov against it; checks code, message, duration and silence about success.
    @discardableResult
    private func expectFault(
        device deviceArguments: [String], client: [String], code: Int32, mentions fragments: [String],
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> ProcessResult {
        let device = try device(["--network", "HomeNet:secret123", "--connect_delay", "0.3"] + deviceArguments)
        let started = Date()
        let result = try espProv(client + deadlines, device: device, expect: code, timeout: bound, file: file, line: line)
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertLessThan(elapsed, bound, "took \(elapsed) s", file: file, line: line)
        XCTAssertFalse(result.stdout.contains("Provisioning was successful"), result.output, file: file, line: line)
        XCTAssertFalse(result.output.contains("Fatal error") || result.output.contains("Stack dump"), result.output, file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(result.stderr.contains(fragment), "stderr lacks '\(fragment)':\n\(result.output)", file: file, line: line)
        }
        return result
    }

    // MARK: The link

    func testDropBeforeSetConfigIsATransportFailure() throws {
        try expectFault(device: ["--fault_drop_after", "3"], client: sec2 + wifi, code: 3,
                        mentions: ["closed the connection without answering 'prov-config'"])
    }

    func testDropOfTheApplyIsOutcomeUnknown() throws {
        try expectFault(device: ["--fault_drop_after", "4"], client: sec2 + wifi, code: 10,
                        mentions: ["stopped answering the apply command", "outcome unknown"])
    }

    func testDropWhilePollingIsOutcomeUnknown() throws {
        try expectFault(device: ["--fault_drop_after", "5"], client: sec2 + wifi, code: 10,
                        mentions: ["credentials applied, outcome unknown"])
    }

    func testDropAtTheFirstHandshakeMessageDoesNotBlameTheScheme() throws {
        let result = try expectFault(device: ["--fault_drop_after", "1"], client: sec2 + wifi, code: 4,
                                     mentions: ["start of the security 2 handshake, the scheme it announces"])
        XCTAssertFalse(result.stderr.contains("check --sec_ver"), result.output)
    }

    /// The slow reply is to the request carrying the credentials: they may be stored, so the outcome is unknown.
    func testSlowReplyToTheCredentialsIsOutcomeUnknown() throws {
        try expectFault(device: ["--fault_delay", "5", "--fault_delay_endpoint", "prov-config"], client: sec2 + wifi, code: 10,
                        mentions: ["no answer from", "to 'prov-config' within 2.0 s"])
    }

    func testSlowButTimelyRepliesStillSucceed() throws {
        let device = try device(["--network", "HomeNet:secret123", "--connect_delay", "0.3", "--fault_delay", "0.3"])
        let result = try espProv(sec2 + wifi + deadlines, device: device, expect: 0, timeout: bound)
        XCTAssertTrue(result.stdout.contains("==== Provisioning was successful ===="), result.output)
    }

    // MARK: Damaged bytes (prov-config's replies come once the credentials were sent: outcome unknown, 10)

    func testGarbageOnAnEncryptedEndpointFailsAuthentication() throws {
        try expectFault(device: ["--fault_reply", "garbage:prov-config"], client: sec2 + wifi, code: 10,
                        mentions: ["device protocol error", "AES-GCM authentication"])
    }

    func testGarbagePlaintextReplyIsNotDecoded() throws {
        try expectFault(device: ["--sec_ver", "0", "--fault_reply", "garbage:prov-config"], client: ["--sec_ver", "0"] + wifi,
                        code: 10, mentions: ["reply from 'prov-config' is not a valid"])
    }

    func testGarbageHandshakeReply() throws {
        try expectFault(device: ["--fault_reply", "garbage:prov-session:1"], client: sec2 + wifi, code: 8,
                        mentions: ["handshake reply is not a valid SessionData message"])
    }

    func testGarbageProtoVer() throws {
        try expectFault(device: ["--fault_reply", "garbage:proto-ver"], client: sec2 + wifi, code: 8,
                        mentions: ["proto-ver reply is neither JSON nor a version string", #"starting "\xff\xff"#])
    }

    func testTruncatedProtoVer() throws {
        try expectFault(device: ["--fault_reply", "truncated:proto-ver"], client: sec2 + wifi, code: 8,
                        mentions: ["proto-ver reply is JSON that does not parse (cut short?)"])
    }

    func testTruncatedHandshakeReply() throws {
        try expectFault(device: ["--fault_reply", "truncated:prov-session:1"], client: sec2 + wifi, code: 8,
                        mentions: ["handshake reply is not a valid SessionData message"])
    }

    func testTruncatedEncryptedReply() throws {
        try expectFault(device: ["--fault_reply", "truncated:prov-config:2"], client: sec2 + wifi, code: 10,
                        mentions: ["device protocol error: encrypted response is 10 bytes"])
    }

    func testOversizedReplyIsRefusedWithoutReadingItAll() throws {
        try expectFault(device: ["--fault_reply", "oversized:prov-config"], client: sec2 + wifi, code: 10,
                        mentions: ["reply to 'prov-config' exceeds 65536 bytes"])
    }

    func testEmptyEncryptedReply() throws {
        try expectFault(device: ["--fault_reply", "empty:prov-config"], client: sec2 + wifi, code: 10,
                        mentions: ["shorter than the 16-byte GCM tag"])
    }

    // MARK: A device that cannot prove itself

    func testSRPPublicKeyZeroModNIsRefused() throws {
        try expectFault(device: ["--fault_handshake", "srp_b_zero"], client: sec2 + wifi, code: 4,
                        mentions: ["the device's SRP public key is invalid"])
    }

    func testWrongDeviceProofM2() throws {
        try expectFault(device: ["--fault_handshake", "wrong_m2"], client: sec2 + wifi, code: 4,
                        mentions: ["Failed to verify device proof"])
    }

    func testWrongSec1DeviceVerifyToken() throws {
        try expectFault(device: ["--sec_ver", "1", "--pop", "abcd1234", "--fault_handshake", "wrong_token"],
                        client: ["--pop", "abcd1234"] + wifi, code: 4, mentions: ["Failed to verify device!"])
    }

    func testLowOrderSec1PublicKeyIsRefused() throws {
        try expectFault(device: ["--sec_ver", "1", "--pop", "abcd1234", "--fault_handshake", "sec1_zero_key"],
                        client: ["--pop", "abcd1234"] + wifi, code: 8, mentions: ["not a usable X25519 key (low-order point)"])
    }

    func testWrongSecVerInTheHandshakeReply() throws {
        try expectFault(device: ["--fault_handshake", "wrong_sec_ver"], client: sec2 + wifi, code: 4,
                        mentions: ["Incorrect security scheme: the device answered the handshake as security 0"])
    }

    // MARK: proto-ver

    func testProtoVerThatIsNotJSON() throws {
        try expectFault(device: ["--fault_proto_ver", "not_json"], client: sec2 + wifi, code: 8,
                        mentions: ["neither JSON nor a version string", "<html>", "is this an ESP device in provisioning mode?"])
    }

    /// Without a scheme in proto-ver, security 1 is assumed, unless sec2 credentials imply security 2
    /// (issue 22: credentials set the minimum scheme).
    func testProtoVerWithoutProvNeedsAnExplicitScheme() throws {
        try expectFault(device: ["--fault_proto_ver", "no_prov"], client: wifi, code: 2,
                        mentions: ["missing --pop", "proto-ver has no 'prov' object", "pass --sec_ver"])
        let device = try device(["--network", "HomeNet:secret123", "--connect_delay", "0.3", "--fault_proto_ver", "no_prov"])
        try espProv(["--sec_ver", "2"] + sec2 + wifi + deadlines, device: device, expect: 0, timeout: bound)
        let implied = try self.device(["--network", "HomeNet:secret123", "--connect_delay", "0.3", "--fault_proto_ver", "no_prov"])
        let run = try espProv(sec2 + wifi + deadlines + ["-v"], device: implied, expect: 0, timeout: bound)
        XCTAssertTrue(run.output.contains("assuming security 2"), run.output)
    }

    // MARK: The provisioning manager

    func testScanCountThatDisagreesWithTheResults() throws {
        let device = try device(["--fault_scan_extra", "2"])
        let run = try InteractiveProcess(
            "esp-prov", ["--transport", "softap", "--service_name", device.serviceName] + sec2 + deadlines, pseudoTerminal: true)
        XCTAssertEqual(try run.wait(timeout: bound), 8, run.transcript)
        XCTAssertTrue(run.transcript.contains("device said 7 scan results but returned 5"), run.transcript)
        XCTAssertFalse(run.transcript.contains("Select AP by number"), run.transcript)
    }

    func testStatusStuckAtConnectingTimesOut() throws {
        let result = try expectFault(device: ["--fault_stuck_connecting"], client: sec2 + wifi, code: 7,
                                     mentions: ["still connecting to 'HomeNet' after 4 s"])
        XCTAssertTrue(result.stdout.contains("++++ WiFi state: Connecting... ++++"), result.output)
    }

    // MARK: Economy

    /// One `proto-ver` per run: esp_prov sends up to four; the device's request tally proves esp-prov sends one.
    func testExactlyOneProtoVerRequestPerRun() throws {
        let device = try device(["--network", "HomeNet:secret123", "--connect_delay", "0.3"])
        try espProv(sec2 + wifi + deadlines, device: device, expect: 0, timeout: bound)
        let log = device.stop()
        XCTAssertTrue(log.contains("requests: "), log)
        XCTAssertTrue(log.contains("proto-ver=1 "), log)
        XCTAssertTrue(log.contains("prov-session=2"), log)
    }
}
