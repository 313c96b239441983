import ProvCrypto
import ProvDevice
import TestSupport
import XCTest

/// `--transport console` end to end: the test plays the user, copying each printed request to the
/// virtual device and typing its reply back, for every security scheme.
final class ConsoleTransportTests: XCTestCase {
    /// Plays the user until esp-prov exits; `tamper` may change the reply typed for the n-th request.
    private func relay(
        security: DeviceConfiguration.Security, arguments: [String], tamper: (Int, [UInt8]) -> [UInt8] = { $1 }
    ) async throws -> (status: Int32, transcript: String) {
        let device = VirtualDevice(configuration: DeviceConfiguration(security: security, connectDelay: .milliseconds(200)))
        await device.openSession(0)
        let process = try InteractiveProcess(
            "esp-prov", ["--transport", "console", "--ssid", "HomeNet", "--passphrase", "secret123"] + arguments)
        var exchanges = 0
        while let printed = try process.expectUnlessEnded("Enter device->client msg : ") {
            let line = try XCTUnwrap(
                printed.split(separator: "\n").last(where: { $0.hasPrefix("Client->Device msg : ") }),
                "no request before the prompt:\n\(process.transcript)")
            let fields = line.dropFirst("Client->Device msg : ".count).split(separator: " ")
            XCTAssertEqual(fields.count, 3, String(line))
            XCTAssertEqual(fields[1], "0", "esp_prov's console session id is always 0")
            let response = await device.handle(endpoint: String(fields[0]), session: 0, request: try XCTUnwrap(bytes(fromHex: fields[2])))
            exchanges += 1
            process.type(hexString(tamper(exchanges, try XCTUnwrap(response, "device failed \(fields[0])"))))
        }
        process.closeInput()
        return (try process.wait(), process.transcript)
    }

    func testSecurity0() async throws {
        let run = try await relay(security: .sec0, arguments: ["--sec_ver", "0"])
        XCTAssertEqual(run.status, 0, run.transcript)
        XCTAssertTrue(run.transcript.contains("Client->Device msg : prov-session 0 5203a20100"), run.transcript)
        XCTAssertTrue(run.transcript.contains("==== Provisioning was successful ===="), run.transcript)
    }

    func testSecurity1() async throws {
        let run = try await relay(security: .sec1(pop: "abcd1234"), arguments: ["--sec_ver", "1", "--pop", "abcd1234"])
        XCTAssertEqual(run.status, 0, run.transcript)
        XCTAssertTrue(run.transcript.contains("==== Provisioning was successful ===="), run.transcript)
    }

    func testSecurity2WithItsLongHandshakeLines() async throws {
        let run = try await relay(
            security: .sec2(salt: ExampleCredentials.salt, verifier: ExampleCredentials.verifier),
            arguments: ["--sec_ver", "2", "--sec2_username", "wifiprov", "--sec2_pwd", "abcd1234"])
        XCTAssertEqual(run.status, 0, run.transcript)
        XCTAssertTrue(run.transcript.contains("==== Provisioning was successful ===="), run.transcript)
        XCTAssertFalse(run.transcript.contains("secret123"), "the passphrase travels encrypted")
    }

    func testBadHexAndEndOfInputAreClearErrors() throws {
        for (answer, message) in [("zz12", "not hex"), ("", "empty answer")] {
            let process = try InteractiveProcess("esp-prov", ["--transport", "console", "--sec_ver", "0", "--ssid", "x", "--passphrase", ""])
            try process.answer("Enter device->client msg : ", with: answer)
            XCTAssertEqual(try process.wait(), 3, process.transcript)
            XCTAssertTrue(process.transcript.contains(message), process.transcript)
        }
        let process = try InteractiveProcess("esp-prov", ["--transport", "console", "--sec_ver", "0", "--ssid", "x", "--passphrase", ""])
        try process.expect("Enter device->client msg : ")
        process.closeInput()
        XCTAssertEqual(try process.wait(), 3, process.transcript)
        XCTAssertTrue(process.transcript.contains("input ended"), process.transcript)
    }

    func testMistypedEncryptedReplySaysSo() async throws {
        // Exchange 1 is proto-ver, 2-3 the handshake; the 4th reply is the first encrypted one.
        let run = try await relay(
            security: .sec2(salt: ExampleCredentials.salt, verifier: ExampleCredentials.verifier),
            arguments: ["--sec_ver", "2", "--sec2_username", "wifiprov", "--sec2_pwd", "abcd1234"],
            tamper: { index, reply in index == 4 ? [reply[0] ^ 1] + reply.dropFirst() : reply })
        // The 4th exchange carries the credentials: the device holds them, so the outcome is unknown (10).
        XCTAssertEqual(run.status, 10, run.transcript)
        XCTAssertTrue(run.transcript.contains("mistyped"), run.transcript)
    }

    /// A paste far larger than any reply is refused before it is decoded, with the console hint.
    func testOversizedPasteIsAProtocolErrorWithTheHint() async throws {
        let run = try await relay(
            security: .sec0, arguments: ["--sec_ver", "0"],
            tamper: { index, reply in index == 1 ? [UInt8](repeating: 0x41, count: 5000) : reply })
        XCTAssertEqual(run.status, 8, run.transcript)
        XCTAssertTrue(run.transcript.contains(
            "device protocol error: the answer for 'proto-ver' is 5000 bytes, more than any device sends "
                + "(console transport: the reply hex was probably mistyped or cut short)"), run.transcript)
    }
}
