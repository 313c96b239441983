import Foundation
import TestSupport
import XCTest

/// `esp-prov qr` rendered and read back with zbarimg, and `esp-prov --qr` against the virtual device.
final class QRCommandTests: XCTestCase {
    static let secrets = ["abcd1234", "secret123", "wrong-pop-99", "s3cr3t-PW"]
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("qr-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: esp-prov qr

    func testPNGRoundTripsThroughZbarimg() throws {
        let png = directory.appendingPathComponent("label.png").path
        let result = try Binaries.run(
            "esp-prov", ["qr", "--name", "PROV_1A2B3C", "--transport", "ble", "--username", "wifiprov", "--output", png],
            environment: ["ESP_PROV_SEC2_PWD": "abcd1234", "ESP_PROV_POP": "wrong-pop-99"])
        XCTAssertEqual(result.status, 0, result.output)
        assertNoSecrets(result)
        XCTAssertEqual(try decode(png), #"{"ver":"v1","name":"PROV_1A2B3C","username":"wifiprov","pop":"abcd1234","transport":"ble"}"#)
        // Deflated: this 41×41-module label at 8 pixels per module is ~150 KB stored uncompressed.
        let size = try FileManager.default.attributesOfItem(atPath: png)[.size] as? Int ?? .max
        XCTAssertLessThan(size, 8 * 1024, "the label is not compressed")
    }

    func testSecurity1SoftAPPayloadWithSecurityField() throws {
        let png = directory.appendingPathComponent("sec1.png").path
        let result = try Binaries.run(
            "esp-prov", ["qr", "--name", "PROV_00AA11", "--transport", "softap", "--pop", "abcd1234", "--security", "1",
                         "--scale", "3", "-o", png])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertEqual(try decode(png), #"{"ver":"v1","name":"PROV_00AA11","pop":"abcd1234","transport":"softap","security":1}"#)
    }

    /// A label encodes the PoP or sec2 password: it is created 0600, and an existing 0644 file
    /// is made private before the label is written into it (issue 22 item 8).
    func testLabelsAreWrittenPrivately() throws {
        for name in ["label.png", "label.svg"] {
            let path = directory.appendingPathComponent(name).path
            let fresh = try labelWithPoP(at: path)
            XCTAssertTrue(fresh.stdout.contains("mode 0600: it encodes the PoP or password"), fresh.output)
            XCTAssertEqual(try mode(path), 0o600)
            XCTAssertEqual(chmod(path, 0o644), 0)
            try labelWithPoP(at: path)
            XCTAssertEqual(try mode(path), 0o600, "an existing label kept its readable mode")
        }
    }

    /// A label written to a device (`--output /dev/null` or a terminal, run as root) goes through it
    /// without touching the device node's mode: only a regular file holds a secret at rest. The node
    /// here is a private copy of /dev/null (c 1 3) in the test's directory, never the system's.
    func testADeviceOutputKeepsItsMode() throws {
        let path = directory.appendingPathComponent("null.svg").path
        let null = dev_t((1 << 8) | 3)  // glibc's makedev(1, 3), a macro Swift does not import
        XCTAssertEqual(mknod(path, S_IFCHR | 0o666, null), 0, "mknod needs root: \(String(cString: strerror(errno)))")
        XCTAssertEqual(chmod(path, 0o666), 0)
        try labelWithPoP(at: path)
        XCTAssertEqual(try mode(path), 0o666, "the device node's mode was changed")
    }

    /// A path that cannot be written says what is wrong with it, in the system's words (issue 22 item 10).
    func testOutputPathProblemsSayWhatIsWrong() throws {
        let folder = directory.appendingPathComponent("dir.png").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let cases = [(folder, "Is a directory"), (directory.appendingPathComponent("none/label.png").path, "No such file or directory")]
        for (path, why) in cases {
            let result = try Binaries.run("esp-prov", ["qr", "--name", "PROV_X", "--transport", "ble", "--output", path])
            XCTAssertEqual(result.status, 2, result.output)
            XCTAssertTrue(result.stderr.contains("--output \(path): cannot write the file (\(why))"), result.output)
            XCTAssertFalse(result.stderr.contains("NSCocoaErrorDomain"), result.output)
        }
        // A place the user may not write: root's 0755 directory, for the user nobody.
        XCTAssertEqual(chmod(directory.path, 0o755), 0)
        let readOnly = directory.appendingPathComponent("label.svg").path
        let denied = try Binaries.runAsNobody(["qr", "--name", "PROV_X", "--transport", "ble", "--output", readOnly])
        XCTAssertEqual(denied.status, 2, denied.output)
        XCTAssertTrue(denied.stderr.contains("--output \(readOnly): cannot write the file (Permission denied)"), denied.output)
    }

    /// `qr --output path` for a label that holds a PoP (from the environment, never argv), which must succeed.
    @discardableResult
    private func labelWithPoP(at path: String, file: StaticString = #filePath, line: UInt = #line) throws -> ProcessResult {
        let result = try Binaries.run(
            "esp-prov", ["qr", "--name", "PROV_X", "--transport", "ble", "--output", path], environment: ["ESP_PROV_POP": "abcd1234"])
        XCTAssertEqual(result.status, 0, result.output, file: file, line: line)
        return result
    }

    private func mode(_ path: String) throws -> Int {
        try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    func testSVGHasOneDarkPathOnAWhiteSquare() throws {
        let svg = directory.appendingPathComponent("label.svg").path
        let result = try Binaries.run("esp-prov", ["qr", "--name", "PROV_X", "--transport", "ble", "--output", svg])
        XCTAssertEqual(result.status, 0, result.output)
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("<?xml"), text)
        XCTAssertTrue(text.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""), text)
        XCTAssertTrue(text.contains("<path fill=\"#000\" d=\"M"), text)
    }

    func testTerminalCodeUsesHalfBlocksAndHidesThePoP() throws {
        let result = try Binaries.run("esp-prov", ["qr", "--name", "PROV_X", "--transport", "ble", "--pop", "abcd1234"])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.stdout.contains("▀") || result.stdout.contains("▄"), result.stdout)
        XCTAssertTrue(result.stdout.contains("PROV_X (ble)"), result.stdout)
        assertNoSecrets(result)
        let lines = result.stdout.split(separator: "\n").dropLast()
        XCTAssertEqual(Set(lines.map(\.count)).count, 1, "every row has the same width")
    }

    func testUsageErrors() throws {
        let both = try Binaries.run(
            "esp-prov", ["qr", "--name", "d", "--transport", "ble", "--pop", "abcd1234", "--username", "u", "--password", "s3cr3t-PW"])
        XCTAssertEqual(both.status, 2, both.output)
        XCTAssertTrue(both.stderr.contains("either --pop"), both.output)
        let lonely = try Binaries.run("esp-prov", ["qr", "--name", "d", "--transport", "ble", "--password", "s3cr3t-PW"])
        XCTAssertEqual(lonely.status, 2, lonely.output)
        let format = try Binaries.run("esp-prov", ["qr", "--name", "d", "--transport", "ble", "--output", "x.gif"])
        XCTAssertEqual(format.status, 2, format.output)
        let transport = try Binaries.run("esp-prov", ["qr", "--name", "d", "--transport", "thread"])
        XCTAssertEqual(transport.status, 2, transport.output)
        for result in [both, lonely, format, transport] { assertNoSecrets(result) }
    }

    func testContradictoryPayloadsAreRefusedAndNothingIsWritten() throws {
        let png = directory.appendingPathComponent("contradiction.png").path
        let cases: [([String], String)] = [
            (["--security", "2", "--pop", "abcd1234"], "--security 2 needs --username and --password"),
            (["--security", "2"], "--security 2 needs --username and --password"),
            (["--security", "1", "--username", "wifiprov", "--password", "s3cr3t-PW"], "--security 1 takes a PoP, not a username"),
            (["--security", "0", "--pop", "abcd1234"], "--security 0 has no credentials"),
            (["--security", "0", "--username", "wifiprov", "--password", "s3cr3t-PW"], "--security 0 has no credentials"),
        ]
        for (flags, message) in cases {
            let result = try Binaries.run("esp-prov", ["qr", "--name", "PROV_1A2B3C", "--transport", "ble", "-o", png] + flags)
            XCTAssertEqual(result.status, 2, "\(flags): \(result.output)")
            XCTAssertTrue(result.stderr.contains(message), "\(flags): \(result.output)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: png), "\(flags): a label was written")
            assertNoSecrets(result)
        }
        let consistent = try Binaries.run("esp-prov", ["qr", "--name", "PROV_1A2B3C", "--transport", "ble", "-o", png, "--security", "1"])
        XCTAssertEqual(consistent.status, 0, "security 1 without a PoP is a no_pop device: \(consistent.output)")
    }

    // MARK: esp-prov --qr

    private let wifi = ["--ssid", "HomeNet", "--passphrase", "secret123"]

    func testQRSuppliesTransportSchemeAndCredentials() throws {
        let device = try DeviceProcess(["--network", "HomeNet:secret123", "--connect_delay", "0.1"])
        let qr = #"{"ver":"v1","name":"PROV_1A2B3C","username":"wifiprov","pop":"abcd1234","transport":"softap","security":2}"#
        let result = try espProv(["--qr", qr, "--service_name", device.serviceName] + wifi, device: device, expect: 0)
        XCTAssertTrue(result.stdout.contains("==== Security Scheme: 2 ===="), result.output)
        XCTAssertTrue(result.stdout.contains("==== Provisioning was successful ===="), result.output)
    }

    func testQRInTheJumpstartURLFormWithTheProvisionSubcommand() throws {
        let device = try DeviceProcess(["--sec_ver", "1", "--pop", "abcd1234", "--network", "HomeNet:secret123", "--connect_delay", "0.1"])
        let json = #"{"ver":"v1","name":"PROV_00AA11","pop":"abcd1234","transport":"softap"}"#
        let url = "https://espressif.github.io/esp-jumpstart/qrcode.html?data="
            + json.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try espProv(["provision", "--qr", url, "--service_name", device.serviceName] + wifi, device: device, expect: 0)
    }

    func testExplicitFlagsWinOverTheQRPayload() throws {
        let device = try DeviceProcess(["--network", "HomeNet:secret123", "--connect_delay", "0.1"])
        let stale = #"{"ver":"v1","name":"PROV_1A2B3C","username":"wifiprov","pop":"wrong-pop-99","transport":"ble"}"#
        // --transport and --sec2_pwd override the payload's ble and its wrong password.
        try espProv(["--qr", stale, "--transport", "softap", "--service_name", device.serviceName, "--sec2_pwd", "abcd1234"] + wifi,
                    device: device, expect: 0)
        // Without the flag the payload's password is used: an authentication failure.
        let denied = try DeviceProcess(["--network", "HomeNet:secret123"])
        try espProv(["--qr", stale, "--transport", "softap", "--service_name", denied.serviceName] + wifi, device: denied, expect: 4)
    }

    func testQRWinsOverTheEnvironment() throws {
        let device = try DeviceProcess(["--network", "HomeNet:secret123", "--connect_delay", "0.1"])
        let qr = #"{"ver":"v1","name":"PROV_1A2B3C","username":"wifiprov","pop":"abcd1234","transport":"softap"}"#
        try espProv(["--qr", qr, "--service_name", device.serviceName] + wifi, device: device,
                    environment: ["ESP_PROV_SEC2_PWD": "wrong-pop-99"], expect: 0)
    }

    func testMalformedAndDPPPayloadsAreUsageErrors() throws {
        let dpp = try espProv(["--qr", "DPP:C:81/1;K:MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgAD;;"] + wifi, expect: 2)
        XCTAssertTrue(dpp.stderr.contains("DPP"), dpp.output)
        let broken = try espProv(["--qr", #"{"ver":"v1","name":"PROV_X","transport":"zigbee"}"#] + wifi, expect: 2)
        XCTAssertTrue(broken.stderr.contains("unknown transport 'zigbee'"), broken.output)
        let missing = try espProv(["--qr", #"{"ver":"v1","transport":"softap","pop":"abcd1234"}"#] + wifi, expect: 2)
        XCTAssertTrue(missing.stderr.contains("no \"name\""), missing.output)
    }

    // MARK: Helpers

    /// The text zbarimg reads from an image (one symbol expected).
    private func decode(_ path: String) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/zbarimg") else {
            XCTFail("zbarimg is not installed, so no label can be read back (make test-deps installs zbar-tools)")
            return ""
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/zbarimg")
        process.arguments = ["--raw", "-q", path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        // The decoded text is far below a pipe's capacity, so waiting before reading cannot block.
        if exited.wait(timeout: .now() + 30) == .timedOut {
            process.terminate()
            XCTFail("zbarimg did not finish within 30 s")
            return ""
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        XCTAssertEqual(process.terminationStatus, 0, "zbarimg found no QR code in \(path)")
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    @discardableResult
    private func espProv(
        _ arguments: [String], device: DeviceProcess? = nil, environment: [String: String] = [:], expect status: Int32,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> ProcessResult {
        let result = try Binaries.run("esp-prov", arguments, environment: environment, timeout: 60)
        XCTAssertEqual(result.status, status, "\(result.output)\n--- device ---\n\(device?.stop() ?? "")", file: file, line: line)
        assertNoSecrets(result, file: file, line: line)
        return result
    }

    private func assertNoSecrets(_ result: ProcessResult, file: StaticString = #filePath, line: UInt = #line) {
        for secret in Self.secrets where result.output.contains(secret) {
            XCTFail("secret '\(secret)' appeared in the output:\n\(result.output)", file: file, line: line)
        }
    }
}
