import FakeBlueZ
import Foundation
import TestSupport
import XCTest

/// `esp-prov-device --ble_adapter`: the strict device registered with (fake) bluetoothd as a GATT
/// application and an advertisement, provisioned by esp-prov through the same fake; the process's
/// exit paths unregister both. The real bluetoothd does the same in RealBlueZTests.
final class BLEPeripheralTests: BLETestCase {
    private func startDevice(_ extra: [String] = []) throws -> InteractiveProcess {
        let device = try InteractiveProcess(
            "esp-prov-device", ["--ble_adapter", "hci0", "--ble_name", "PROV_PERIPH"] + extra,
            environment: ["DBUS_SYSTEM_BUS_ADDRESS": bus.address])
        _ = try device.expect("advertising PROV_PERIPH on hci0")
        return device
    }

    private func provision(_ extra: [String] = []) async throws -> ProcessResult {
        try await Binaries.run(
            "esp-prov",
            ["--transport", "ble", "--service_name", "PROV_PERIPH", "--sec_ver", "2", "--sec2_username", "wifiprov",
             "--sec2_pwd", "abcd1234", "--ssid", "HomeNet", "--passphrase", "secret123"] + extra,
            environment: ["DBUS_SYSTEM_BUS_ADDRESS": bus.address], timeout: 60)
    }

    func testEspProvProvisionsTheDeviceThroughItsGATTApplication() async throws {
        let fake = try await startFake(peripherals: [])
        let device = try startDevice(["--custom_endpoint", "lab-data"])
        let result = try await provision(["--custom_endpoint", "lab-data", "--custom_data", "hi"])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.output.contains("CustomData response: b'SUCCESS\\x00'"), result.output)
        XCTAssertTrue(result.output.contains("==== Provisioning was successful ===="), result.output)
        let calls = await fake.calls
        XCTAssertTrue(calls.contains("set Alias"), "the adapter's Alias becomes the advertised name: \(calls)")
        // The real bluetoothd holds a Connect made during discovery ~9.4 s (docs/protocol.md §4.2).
        XCTAssertFalse(calls.contains("connect waits for the scan window"), "esp-prov stops discovery before connecting: \(calls)")
        XCTAssertTrue(calls.contains { $0.hasPrefix("application 021a9004-0382-4aea-bff4-6b3f1c5adfb4 endpoints ") && $0.contains("lab-data") },
                      "each endpoint has a characteristic named by its 0x2901 descriptor: \(calls)")
        device.signal(SIGTERM)
        XCTAssertEqual(try device.wait(), 0, device.transcript)
    }

    /// Every exit path unregisters: after SIGHUP as after SIGINT/SIGTERM.
    func testSIGHUPUnregistersTheAdvertisementAndTheApplication() async throws {
        let fake = try await startFake(peripherals: [])
        let device = try startDevice()
        device.signal(SIGHUP)
        XCTAssertEqual(try device.wait(), 0, device.transcript)
        let calls = await fake.calls
        XCTAssertTrue(calls.contains("LEAdvertisingManager1.UnregisterAdvertisement hci0"), "\(calls)")
        XCTAssertTrue(calls.contains("GattManager1.UnregisterApplication hci0"), "\(calls)")
    }

    /// Provisioning ends (auto-stop after the success report): the device stops advertising.
    func testAdvertisingStopsWhenProvisioningEnds() async throws {
        let fake = try await startFake(peripherals: [])
        let device = try startDevice(["--cleanup_delay", "0.2", "--exit_after_stop"])
        let result = try await provision()
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertEqual(try device.wait(), 0, device.transcript)
        XCTAssertTrue(device.transcript.contains("stopped advertising PROV_PERIPH"), device.transcript)
        let calls = await fake.calls
        XCTAssertEqual(calls.filter { $0 == "LEAdvertisingManager1.UnregisterAdvertisement hci0" }.count, 1, "\(calls)")
    }

    func testAnAdapterBluetoothdDoesNotHaveIsRefusedByName() async throws {
        try await startFake(peripherals: [])
        let result = try await Binaries.run(
            "esp-prov-device", ["--ble_adapter", "hci3"], environment: ["DBUS_SYSTEM_BUS_ADDRESS": bus.address], timeout: 30)
        XCTAssertNotEqual(result.status, 0, result.output)
        XCTAssertTrue(result.output.contains("Bluetooth adapter hci3 not found; available: hci0"), result.output)
    }
}
