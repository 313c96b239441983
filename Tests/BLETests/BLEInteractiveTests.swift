import FakeBlueZ
import Foundation
import ProvClient
import ProvBlueZ
import ProvCrypto
import ProvDevice
import TestSupport
import XCTest

/// The BLE paths a person meets: esp_prov's device list under a terminal, and the manual
/// `BLECLI >>` console mode when this machine cannot use BlueZ.
final class BLEInteractiveTests: BLETestCase {
    private let run = ["--sec_ver", "0", "--ssid", "HomeNet", "--passphrase", "secret123"]

    func testChooseTheDeviceFromTheListAfterBadInputAndARescan() async throws {
        try await startFake(peripherals: standardPeripherals(backend: VirtualDevice(configuration: DeviceConfiguration(security: .sec0))))
        let process = try InteractiveProcess(
            "esp-prov", ["--transport", "ble", "--scan_timeout", "1"] + run, pseudoTerminal: true,
            environment: ["DBUS_SYSTEM_BUS_ADDRESS": bus.address])
        let prompt = "Select device by number (0 to rescan) : "
        let table = try await process.waitFor(prompt)
        XCTAssertTrue(table?.contains("==== BLE Discovery results ====") ?? false, process.transcript)
        XCTAssertTrue(table?.contains("[ 1] PROV_1A2B3C") ?? false, "strongest first:\n\(process.transcript)")
        XCTAssertFalse(table?.contains("Headphones") ?? true, "only PROV_ devices are listed:\n\(process.transcript)")
        process.type("7")
        _ = try await process.waitFor("Invalid input! Retry")
        _ = try await process.waitFor(prompt)
        process.type("0")
        _ = try await process.waitFor(prompt)
        process.type("1")
        let rest = try await process.waitFor("==== Provisioning was successful ====")
        XCTAssertNotNil(rest, process.transcript)
        XCTAssertEqual(try process.wait(), 0, process.transcript)
    }

    func testManualConsoleModeWhenBluetoothdIsMissing() async throws {
        // No fake bluetoothd on the bus: BlueZ is "not running". The test relays like a person with nRF Connect.
        let device = VirtualDevice(configuration: DeviceConfiguration(
            security: .sec2(salt: ExampleCredentials.salt, verifier: ExampleCredentials.verifier), connectDelay: .milliseconds(200)))
        await device.openSession(0)
        let process = try InteractiveProcess(
            "esp-prov", ["--transport", "ble", "--service_name", "PROV_1A2B3C", "--console_fallback", "--sec_ver", "2",
                         "--sec2_username", "wifiprov", "--sec2_pwd", "abcd1234", "--ssid", "HomeNet", "--passphrase", "secret123"],
            environment: ["DBUS_SYSTEM_BUS_ADDRESS": bus.address])
        for _ in 0..<5 {
            _ = try await process.waitFor("[y/n] ")
            process.type("y")
        }
        var endpointsSeen: [String] = []
        while let printed = try await process.waitFor("\t<< ") {
            let uuid = try XCTUnwrap(printed.components(separatedBy: "characteristic with UUID '").last?.prefix(36))
            let hex = try XCTUnwrap(printed.components(separatedBy: "\t>> ").last?.split(separator: "\n").first)
            let endpoint = try XCTUnwrap(endpointName(of: String(uuid)), "unexpected UUID \(uuid)")
            endpointsSeen.append(endpoint)
            let reply = await device.handle(endpoint: endpoint, session: 0, request: try XCTUnwrap(bytes(fromHex: hex)))
            process.type(hexString(try XCTUnwrap(reply, "device failed \(endpoint)")))
        }
        XCTAssertEqual(try process.wait(), 0, process.transcript)
        XCTAssertTrue(process.transcript.contains("BLECLI >> Is the characteristic UUID '021aff51-0382-4aea-bff4-6b3f1c5adfb4'"))
        XCTAssertEqual(Array(endpointsSeen.prefix(3)), ["proto-ver", "prov-session", "prov-session"])
        XCTAssertTrue(process.transcript.contains("==== Provisioning was successful ===="), process.transcript)
    }

    func testWithoutFallbackMissingBluetoothdNamesTheWayOut() async throws {
        let result = try await Binaries.run(
            "esp-prov", ["--transport", "ble", "--service_name", "PROV_1A2B3C"] + run,
            environment: ["DBUS_SYSTEM_BUS_ADDRESS": bus.address], stdin: "")
        XCTAssertEqual(result.status, 3, result.output)
        XCTAssertTrue(result.stderr.contains("--console_fallback"), result.output)
    }

    /// The endpoint a characteristic UUID stands for, by the derivation of PROTOCOL.md §4.2.
    private func endpointName(of uuid: String) -> String? {
        let all = ProvGATTLayout.endpointIDs + [("custom-data", ProvGATTLayout.firstCustomID)]
        return all.first { ProvGATTLayout.characteristicUUID(service: "021a9004-0382-4aea-bff4-6b3f1c5adfb4", id: $0.id) == uuid }?.name
    }
}
