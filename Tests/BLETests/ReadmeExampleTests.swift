import FakeBlueZ
import Foundation
import ProvCrypto
import ProvDevice
import TestSupport
import XCTest

/// Every `esp-prov` example of the README runs, as written, against the virtual device (HTTP) or the
/// fake bluetoothd (BLE): a README that drifts from the tool fails here. Only the address of an HTTP
/// device is swapped for the test device's; files the examples name (pwd.txt, wifi.txt, dataset.txt,
/// label.txt, rack.json) are written into a scratch directory the commands run in.
final class ReadmeExampleTests: BLETestCase {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    private static let readme = (try? String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""

    /// The command lines of the README's `sh` blocks that start with `esp-prov`: continuations joined,
    /// comments dropped.
    static var examples: [String] {
        var commands: [String] = [], inShell = false, pending = ""
        for line in readme.components(separatedBy: "\n") {
            if line.hasPrefix("```") { inShell = line == "```sh"; continue }
            guard inShell else { continue }
            let text = pending + line.trimmingCharacters(in: .whitespaces)
            if text.hasSuffix("\\") { pending = String(text.dropLast()); continue }
            pending = ""
            let command = (text.range(of: "   # ").map { String(text[..<$0.lowerBound]) } ?? text).trimmingCharacters(in: .whitespaces)
            if command.hasPrefix("esp-prov ") { commands.append(command) }
        }
        return commands
    }

    /// Examples another test runs with exactly these flags (the tester relays the console by hand).
    private static let relayedElsewhere = [
        "esp-prov --transport console --sec_ver 0 --ssid HomeNet --passphrase secret123":
            "ConsoleTransportTests.testSecurity0",
        "esp-prov --transport ble --service_name PROV_1A2B3C --console_fallback --sec_ver 2 --sec2_username wifiprov "
            + "--sec2_pwd abcd1234 --ssid HomeNet --passphrase secret123": "BLEInteractiveTests.testManualConsoleModeWhenBluetoothdIsMissing",
    ]

    /// Examples run by the tests below, each through `run`.
    private static let ranHere: Set<String> = [
        "esp-prov --transport softap --sec_ver 2 --sec2_username wifiprov --sec2_pwd_file pwd.txt --ssid HomeNet --passphrase_file wifi.txt",
        "esp-prov --transport httpd --service_name 10.0.0.7:80 --pop abcd1234 --ssid HomeNet --passphrase secret123",
        "esp-prov --transport ble --service_name PROV_1A2B3C --sec2_username wifiprov --sec2_pwd_file pwd.txt --ssid HomeNet --passphrase_file wifi.txt",
        "esp-prov --transport ble --sec_ver 1 --pop abcd1234 --ssid HomeNet",
        "esp-prov --sec_ver 2 --sec2_gen_cred --sec2_username wifiprov --sec2_pwd abcd1234",
        "esp-prov --transport softap --sec2_username wifiprov --sec2_pwd abcd1234 --reset",
        "esp-prov --transport ble --service_name PROV_1A2B3C --sec2_username threadprov --sec2_pwd_file pwd.txt --dataset_tlvs_file dataset.txt",
        "esp-prov --transport ble --service_name PROV_1A2B3C --sec2_username threadprov --sec2_pwd_file pwd.txt",
        #"esp-prov --qr "$(cat label.txt)" --ssid HomeNet --passphrase_file wifi.txt"#,
        "esp-prov qr --name PROV_1A2B3C --transport ble --username wifiprov --password_file pwd.txt --output label.png",
        "esp-prov batch rack.json --jobs 4 --report report.jsonl",
    ]

    func testEveryExampleIsRun() {
        XCTAssertFalse(Self.examples.isEmpty, "no examples found in \(Self.root.path)/README.md")
        for example in Self.examples where !Self.ranHere.contains(example) && Self.relayedElsewhere[example] == nil {
            XCTFail("README example without a test: \(example)")
        }
        for example in Self.ranHere.union(Self.relayedElsewhere.keys) where !Self.examples.contains(example) {
            XCTFail("the README no longer has this example (update the test): \(example)")
        }
    }

    // MARK: Running an example

    private var directory: URL!

    override func setUpWithError() throws {
        try super.setUpWithError()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("pops"), withIntermediateDirectories: true)
        for (name, text) in [("pwd.txt", "abcd1234\n"), ("wifi.txt", "secret123\n"), ("pops/slot4.txt", "abcd1234\n"),
                             ("dataset.txt", hexString(ThreadDataset.exampleTLVs) + "\n")] {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        }
    }

    override func tearDown() async throws {
        try? FileManager.default.removeItem(at: directory)
        try await super.tearDown()
    }

    /// Runs the README's `example` through bash in the scratch directory, with `esp-prov` on PATH.
    @discardableResult
    private func run(
        _ example: String, http device: DeviceProcess? = nil, stdin: String? = nil, environment: [String: String] = [:],
        expect status: Int32 = 0, file: StaticString = #filePath, line: UInt = #line
    ) async throws -> ProcessResult {
        XCTAssertTrue(Self.ranHere.contains(example), "not a README example: \(example)", file: file, line: line)
        var command = example
        if let device {
            if command.contains("--service_name 10.0.0.7:80") {
                command = command.replacingOccurrences(of: "10.0.0.7:80", with: device.serviceName)
            } else {
                command += " --service_name \(device.serviceName)"
            }
        }
        var env = environment
        env["PATH"] = Binaries.directory.path + ":/usr/bin:/bin"
        env["DBUS_SYSTEM_BUS_ADDRESS"] = bus.address
        let result = try await Binaries.run("/bin/bash", ["-c", "cd '\(directory.path)' && " + command], environment: env,
                                            stdin: stdin, timeout: 60)
        XCTAssertEqual(result.status, status, "\(command)\n\(result.output)", file: file, line: line)
        return result
    }

    private func bleDevice(_ configuration: DeviceConfiguration = DeviceConfiguration()) async throws {
        try await startFake(peripherals: [
            FakePeripheral(name: "PROV_1A2B3C", address: Self.address, backend: VirtualDevice(configuration: configuration)),
        ])
    }

    // MARK: The examples

    func testSoftAPAndHTTPDExamples() async throws {
        let result = try await run(
            "esp-prov --transport softap --sec_ver 2 --sec2_username wifiprov --sec2_pwd_file pwd.txt --ssid HomeNet --passphrase_file wifi.txt",
            http: try DeviceProcess(["--network", "HomeNet:secret123", "--connect_delay", "0.1"]))
        XCTAssertTrue(result.stdout.contains("==== Provisioning was successful ===="), result.output)
        try await run("esp-prov --transport httpd --service_name 10.0.0.7:80 --pop abcd1234 --ssid HomeNet --passphrase secret123",
                      http: try DeviceProcess(["--sec_ver", "1", "--pop", "abcd1234", "--network", "HomeNet:secret123", "--connect_delay", "0.1"]))
    }

    func testBLEByNameExample() async throws {
        try await bleDevice()
        try await run("esp-prov --transport ble --service_name PROV_1A2B3C --sec2_username wifiprov --sec2_pwd_file pwd.txt --ssid HomeNet --passphrase_file wifi.txt")
    }

    func testBLEListExampleAnsweredFromAPipe() async throws {
        try await bleDevice(DeviceConfiguration(security: .sec1(pop: "abcd1234")))
        let result = try await run("esp-prov --transport ble --sec_ver 1 --pop abcd1234 --ssid HomeNet", stdin: "1\nsecret123\n")
        XCTAssertTrue(result.stdout.contains("Select device by number (0 to rescan) : "), result.output)
    }

    func testCredentialAndResetExamples() async throws {
        let generated = try await run("esp-prov --sec_ver 2 --sec2_gen_cred --sec2_username wifiprov --sec2_pwd abcd1234")
        XCTAssertTrue(generated.stdout.contains("static const char sec2_verifier[] = {"), generated.output)
        // --reset is accepted after a failed attempt: fail one first (wrong passphrase).
        let device = try DeviceProcess(["--network", "HomeNet:secret123", "--connect_delay", "0.1"])
        _ = try await Binaries.run("esp-prov", ["--transport", "softap", "--service_name", device.serviceName, "--sec2_username", "wifiprov",
                                                "--sec2_pwd", "abcd1234", "--ssid", "HomeNet", "--passphrase", "not-the-password"])
        let reset = try await run("esp-prov --transport softap --sec2_username wifiprov --sec2_pwd abcd1234 --reset", http: device)
        XCTAssertTrue(reset.stdout.contains("==== Reset command accepted ===="), reset.output)
    }

    /// The Thread examples' device runs security 2 for `threadprov` with the example password.
    private func threadDevice() async throws {
        let credentials = try await Binaries.run("esp-prov", ["--sec_ver", "2", "--sec2_gen_cred", "--sec2_username", "threadprov",
                                                              "--sec2_pwd", "abcd1234"])
        let arrays = credentials.stdout.components(separatedBy: "static const char sec2_verifier[]")
        func bytes(_ text: String) -> [UInt8] {
            text.components(separatedBy: "0x").dropFirst().compactMap { UInt8($0.prefix(2), radix: 16) }
        }
        try await bleDevice(DeviceConfiguration(
            generation: .netprov, networkType: .thread,
            security: .sec2(salt: bytes(arrays[0]), verifier: bytes(try XCTUnwrap(arrays.last))), attachDelay: .milliseconds(200)))
    }

    func testThreadDatasetExample() async throws {
        try await threadDevice()
        let result = try await run(
            "esp-prov --transport ble --service_name PROV_1A2B3C --sec2_username threadprov --sec2_pwd_file pwd.txt --dataset_tlvs_file dataset.txt")
        XCTAssertTrue(result.stdout.contains("==== Thread state: Attached ===="), result.output)
    }

    func testThreadScanExampleAnsweredFromAPipe() async throws {
        try await threadDevice()
        let result = try await run("esp-prov --transport ble --service_name PROV_1A2B3C --sec2_username threadprov --sec2_pwd_file pwd.txt",
                                   stdin: "1\n00112233445566778899aabbccddeeff\n")
        XCTAssertTrue(result.stdout.contains("Select Network by number (0 to rescan) : "), result.output)
        XCTAssertFalse(result.output.contains("00112233445566778899aabbccddeeff"), "the network key was echoed")
    }

    func testQRExamples() async throws {
        try Data(#"{"ver":"v1","name":"PROV_1A2B3C","username":"wifiprov","pop":"abcd1234","transport":"ble"}"#.utf8)
            .write(to: directory.appendingPathComponent("label.txt"))
        try await bleDevice()
        try await run(#"esp-prov --qr "$(cat label.txt)" --ssid HomeNet --passphrase_file wifi.txt"#)
        try await run("esp-prov qr --name PROV_1A2B3C --transport ble --username wifiprov --password_file pwd.txt --output label.png")
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent("label.png").path))
    }

    /// The `--json` example, word for word (the address aside), with stdin closed and no terminal: every
    /// event it shows, with the same fields, and the same sequence of event names.
    func testJSONExampleWorksWithoutATerminal() async throws {
        let lines = Self.readme.components(separatedBy: "\n")
        let command = try XCTUnwrap(lines.first { $0.hasPrefix("$ ") && $0.contains("esp-prov --json") }).dropFirst(2)
        let shown = try lines.filter { $0.hasPrefix("{") && $0.contains(#""t":"#) }.map(Self.object)
        XCTAssertFalse(shown.isEmpty, "the README shows no JSON output")
        let device = try DeviceProcess(["--network", "HomeNet:secret123", "--connect_delay", "1.5"])
        var env = ["PATH": Binaries.directory.path + ":/usr/bin:/bin"]
        env["ESP_PROV_ANSWER_TIMEOUT"] = "5"
        let result = try await Binaries.run(
            "/bin/bash", ["-c", command.replacingOccurrences(of: "127.0.0.1:8080", with: device.serviceName) + " </dev/null"],
            environment: env, timeout: 60)
        XCTAssertEqual(result.status, 0, result.output)
        let got = try result.stdout.split(separator: "\n").map { try Self.object(String($0)) }
        let names = { (objects: [[String: Any]]) in objects.compactMap { $0["event"] as? String }.reduce(into: [String]()) {
            if $0.last != $1 { $0.append($1) }
        } }
        XCTAssertEqual(names(got), names(shown), result.stdout)
        for example in shown {
            let event = example["event"] as? String
            let actual = try XCTUnwrap(got.last { $0["event"] as? String == event && ($0["state"] as? String) == (example["state"] as? String) },
                                       "no \(event ?? "?") event: \(result.stdout)")
            XCTAssertEqual(Set(actual.keys), Set(example.keys), "\(event ?? "?") fields differ from the README")
        }
    }

    private static func object(_ line: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], line)
    }

    /// The README's own manifest, its three addresses pointed at three virtual devices.
    func testBatchExampleWithTheREADMEManifest() async throws {
        let manifest = try XCTUnwrap(Self.readme.components(separatedBy: "```json\n").dropFirst().first?
            .components(separatedBy: "```").first)
        let devices = [
            try DeviceProcess(["--network", "LabNet:secret123", "--connect_delay", "0.1"]),
            try DeviceProcess(["--sec_ver", "1", "--pop", "abcd1234", "--network", "LabNet:secret123", "--connect_delay", "0.1"]),
            try DeviceProcess(["--sec_ver", "1", "--pop", "abcd1234", "--network", "LabNet:secret123", "--connect_delay", "0.1"]),
        ]
        var text = manifest
        for (address, device) in zip(["10.0.0.5:80", "10.0.0.6:80", "10.0.1.5:80"], devices) {
            XCTAssertTrue(text.contains(address), "the README manifest changed: \(manifest)")
            text = text.replacingOccurrences(of: address, with: device.serviceName)
        }
        try Data(text.utf8).write(to: directory.appendingPathComponent("rack.json"))
        try await run("esp-prov batch rack.json --jobs 4 --report report.jsonl",
                      environment: ["LAB_WIFI_PASS": "secret123", "RACK_SEC2_PWD": "abcd1234"])
        let report = try String(contentsOf: directory.appendingPathComponent("report.jsonl"), encoding: .utf8)
        XCTAssertEqual(report.components(separatedBy: #""outcome":"provisioned""#).count - 1, 3, report)
    }
}
