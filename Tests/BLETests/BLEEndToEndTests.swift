import FakeBlueZ
import Foundation
import ProvClient
import ProvBlueZ
import ProvCrypto
import ProvDevice
import TestSupport
import XCTest

/// Whole runs over BLE: the `esp-prov` binary (a subprocess whose system bus is the test's
/// private bus) or the library's `Provisioner`, against the strict virtual device behind the
/// in-process fake bluetoothd.
final class BLEEndToEndTests: BLETestCase {
    private static let secrets = ["abcd1234", "secret123", "s3cr3t-PW", "wrong-pop-99"]
    private let sec2 = ["--sec_ver", "2", "--sec2_username", "wifiprov", "--sec2_pwd", "abcd1234"]
    private let wifi = ["--ssid", "HomeNet", "--passphrase", "secret123"]

    @discardableResult
    private func startDevice(_ configuration: DeviceConfiguration = DeviceConfiguration(), _ options: FakeBlueZOptions = .init())
        async throws -> VirtualDevice
    {
        let device = VirtualDevice(configuration: configuration)
        try await startFake(options, peripherals: [FakePeripheral(name: "PROV_1A2B3C", address: Self.address, backend: device)])
        return device
    }

    @discardableResult
    private func espProv(_ arguments: [String], expect status: Int32, file: StaticString = #filePath, line: UInt = #line)
        async throws -> ProcessResult
    {
        let all = ["--transport", "ble", "--service_name", "PROV_1A2B3C"] + arguments
        let result = try await Binaries.run("esp-prov", all, environment: ["DBUS_SYSTEM_BUS_ADDRESS": bus.address])
        let calls = await fake?.calls ?? []
        XCTAssertEqual(result.status, status, "esp-prov \(all.joined(separator: " "))\n\(result.output)\n--- fake bluez ---\n\(calls)",
                       file: file, line: line)
        for secret in Self.secrets where result.output.contains(secret) {
            XCTFail("secret '\(secret)' appeared in the output:\n\(result.output)", file: file, line: line)
        }
        return result
    }

    func testSecurity2WithVerboseOutput() async throws {
        try await startDevice()
        let result = try await espProv(sec2 + wifi + ["--verbose"], expect: 0)
        XCTAssertTrue(result.stdout.contains("==== Provisioning was successful ===="), result.output)
        XCTAssertTrue(result.output.contains("endpoint prov-session → 021aff51-0382-4aea-bff4-6b3f1c5adfb4"), result.output)
        let calls = await fake?.calls ?? []
        XCTAssertTrue(calls.contains { $0.hasPrefix("write prov-session") && $0.hasSuffix("type=request") }, "\(calls)")
    }

    func testSecurity1AutoDetectedWithPoP() async throws {
        try await startDevice(DeviceConfiguration(security: .sec1(pop: "abcd1234")))
        let result = try await espProv(["--pop", "abcd1234"] + wifi, expect: 0)
        XCTAssertTrue(result.stdout.contains("==== Security Scheme: 1 ===="), result.output)
        XCTAssertTrue(result.stdout.contains("==== Provisioning was successful ===="), result.output)
    }

    func testSecurity0WithCustomData() async throws {
        try await startDevice(DeviceConfiguration(security: .sec0))
        let result = try await espProv(["--sec_ver", "0", "--custom_data", "hello"] + wifi, expect: 0)
        XCTAssertTrue(result.stdout.contains(#"++++ CustomData response: b'SUCCESS\x00'++++"#), result.output)
        XCTAssertTrue(result.stdout.contains("==== Provisioning was successful ===="), result.output)
    }

    func testWrongPoPOnBluedroidIsAnAuthenticationFailure() async throws {
        try await startDevice(DeviceConfiguration(security: .sec1(pop: "abcd1234")), FakeBlueZOptions(stack: .bluedroid))
        let result = try await espProv(["--sec_ver", "1", "--pop", "wrong-pop-99"] + wifi, expect: 4)
        XCTAssertFalse(result.stdout.contains("Provisioning was successful"), result.output)
    }

    func testResetAfterAFailureThenProvisionAgain() async throws {
        try await startDevice()
        try await espProv(sec2 + ["--ssid", "HomeNet", "--passphrase", "s3cr3t-PW"], expect: 5)
        let reset = try await espProv(sec2 + ["--reset"], expect: 0)
        XCTAssertTrue(reset.stdout.contains("==== Resetting WiFi===="), reset.output)
        let again = try await espProv(sec2 + wifi, expect: 0)
        XCTAssertTrue(again.stdout.contains("==== Provisioning was successful ===="), again.output)
    }

    func testForcedEncryptionIsHandledByPairing() async throws {
        try await startDevice(DeviceConfiguration(), FakeBlueZOptions(forceEncryption: true))
        try await espProv(sec2 + wifi, expect: 0)
        let calls = await fake?.calls ?? []
        XCTAssertTrue(calls.contains("paired \(Self.address)"), "\(calls)")
    }

    func testAbsentDeviceAndMissingBluetoothdAreTransportFailures() async throws {
        let missing = try await espProv(sec2 + wifi, expect: 3)
        XCTAssertTrue(missing.stderr.contains("BlueZ (bluetoothd) is not running"), missing.output)
        XCTAssertTrue(missing.stderr.contains("or provision over the serial console with --transport console"), missing.output)

        try await startFake(peripherals: [FakePeripheral(name: "PROV_OTHER", address: "24:0A:C4:00:00:01")])
        let absent = try await Binaries.run(
            "esp-prov",
            ["--transport", "ble", "--service_name", "PROV_NOPE"] + sec2 + wifi,
            environment: ["DBUS_SYSTEM_BUS_ADDRESS": bus.address])
        XCTAssertEqual(absent.status, 3, absent.output)
        XCTAssertTrue(absent.stderr.contains("PROV_NOPE") && absent.stderr.contains("PROV_OTHER"), absent.output)

        let unnamed = try await Binaries.run(
            "esp-prov", ["--transport", "ble", "--no_prompt"] + sec2 + wifi, environment: ["DBUS_SYSTEM_BUS_ADDRESS": bus.address])
        XCTAssertEqual(unnamed.status, 2, unnamed.output)
        XCTAssertTrue(unnamed.stderr.contains(
            "error: name the BLE device to provision with --service_name (for example PROV_1A2B3C)"), unnamed.output)
    }

    /// Scanning needs a network choice, which the binary only takes on a terminal: drive the
    /// library instead, over the same BLE transport.
    func testScanAndChooseOverBLE() async throws {
        try await startDevice()
        let transport = try await connect(options())
        let seen = ScanSeen()
        let request = ProvisioningRequest(
            goal: .wifi(ssid: nil, passphrase: "secret123"), security: .sec2,
            credentials: CredentialCandidates(username: "wifiprov", password: "abcd1234"))
        let interaction = ProvisioningInteraction(
            secret: { _ in throw ProvError.usage("no prompts in tests") },
            chooseNetwork: { accessPoints in
                seen.record(accessPoints.map(\.ssid))
                guard let home = accessPoints.first(where: { $0.ssid == "HomeNet" }) else { return .manual(ssid: "HomeNet") }
                return .accessPoint(home)
            })
        do {
            _ = try await Provisioner(transport: transport, request: request, interaction: interaction).run()
        } catch {
            await transport.close()
            throw error
        }
        await transport.close()
        XCTAssertTrue(seen.ssids.contains("HomeNet"), "\(seen.ssids)")
        let calls = await fake?.calls ?? []
        XCTAssertGreaterThan(calls.filter { $0.hasPrefix("write prov-scan") }.count, 2, "BLE scan results come 4 per request: \(calls)")
    }
}

private final class ScanSeen: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [String] = []
    func record(_ ssids: [String]) { lock.withLock { seen += ssids } }
    var ssids: [String] { lock.withLock { seen } }
}

/// A Thread device of network_provisioning over BLE, the way IDF 6 Thread boards are provisioned.
final class BLEThreadTests: BLETestCase {
    func testThreadDatasetOverBLE() async throws {
        let configuration = DeviceConfiguration(
            generation: .netprov, networkType: .thread, security: .sec0, attachDelay: .milliseconds(300))
        try await startFake(peripherals: [
            FakePeripheral(name: "PROV_THREAD", address: Self.address, backend: VirtualDevice(configuration: configuration)),
        ])
        let result = try await Binaries.run(
            "esp-prov",
            ["--transport", "ble", "--service_name", "PROV_THREAD", "--sec_ver", "0",
             "--dataset_tlvs", hexString(ThreadDataset.exampleTLVs)],
            environment: ["DBUS_SYSTEM_BUS_ADDRESS": bus.address])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.stdout.contains("==== Thread state: Attached ===="), result.output)
    }
}
