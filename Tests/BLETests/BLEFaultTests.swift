import FakeBlueZ
import Foundation
import ProvDevice
import TestSupport
import XCTest

/// Radio faults over BLE: the device drops the link mid-session (the fake bluetoothd's
/// `disconnectAfterExchanges`, which answers the pending write only seconds later, as BlueZ does),
/// and device faults (`DeviceFaults`) carried by the BLE transport. esp-prov must exit with the
/// README's code, on the disconnect rather than after BlueZ's late error, and never report success.
final class BLEFaultTests: BLETestCase {
    private let sec2 = ["--sec_ver", "2", "--sec2_username", "wifiprov", "--sec2_pwd", "abcd1234"]
    private let wifi = ["--ssid", "HomeNet", "--passphrase", "secret123"]
    private let deadlines = ["--request_timeout", "3", "--timeout", "5"]

    private func run(
        _ options: FakeBlueZOptions, device configuration: DeviceConfiguration = DeviceConfiguration(), expect status: Int32,
        mentions fragments: [String], file: StaticString = #filePath, line: UInt = #line
    ) async throws {
        let fake = try await startFake(options, peripherals: [
            FakePeripheral(name: "PROV_1A2B3C", address: Self.address, backend: VirtualDevice(configuration: configuration)),
        ])
        let arguments = ["--transport", "ble", "--service_name", "PROV_1A2B3C"] + sec2 + wifi + deadlines
        let result = try await Binaries.run("esp-prov", arguments, environment: ["DBUS_SYSTEM_BUS_ADDRESS": bus.address], timeout: 20)
        XCTAssertEqual(result.status, status, result.output, file: file, line: line)
        // A dropped link is reported from BlueZ's disconnect signal: esp-prov has exited before
        // BlueZ answers the pending write with its late error (how long that takes: `make bench`).
        let calls = await fake.calls
        if options.disconnectAfterExchanges != nil {
            XCTAssertTrue(calls.contains { $0.hasPrefix("link lost during") }, "\(calls)", file: file, line: line)
            XCTAssertFalse(calls.contains { $0.hasPrefix("late error for the pending") }, "\(calls)", file: file, line: line)
        }
        XCTAssertFalse(result.stdout.contains("Provisioning was successful"), result.output, file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(result.stderr.contains(fragment), "stderr lacks '\(fragment)':\n\(result.output)", file: file, line: line)
        }
        XCTAssertFalse(result.output.contains("abcd1234") || result.output.contains("secret123"), result.output, file: file, line: line)
    }

    func testLinkLostBeforeTheCredentialsIsATransportFailure() async throws {
        try await run(FakeBlueZOptions(disconnectAfterExchanges: 3), expect: 3, mentions: ["disconnected"])
    }

    func testLinkLostDuringApplyIsOutcomeUnknown() async throws {
        try await run(FakeBlueZOptions(disconnectAfterExchanges: 4), expect: 10, mentions: ["outcome unknown"])
    }

    func testWrongDeviceProofOverBLE() async throws {
        var configuration = DeviceConfiguration()
        configuration.faults = DeviceFaults(handshake: .wrongDeviceProof)
        try await run(FakeBlueZOptions(), device: configuration, expect: 4, mentions: ["Failed to verify device proof"])
    }

    /// prov-config's first reply answers the credentials: damaged, they may still have been stored (10, not 8).
    func testGarbageConfigReplyOverBLEIsOutcomeUnknown() async throws {
        var configuration = DeviceConfiguration()
        configuration.faults = DeviceFaults(damagedReply: .init(endpoint: "prov-config", corruption: .garbage))
        try await run(FakeBlueZOptions(), device: configuration, expect: 10, mentions: ["AES-GCM authentication", "the outcome is unknown"])
    }
}
