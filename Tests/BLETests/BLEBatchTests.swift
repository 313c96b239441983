import FakeBlueZ
import Foundation
import ProvDevice
import TestSupport
import XCTest

/// `esp-prov batch` with BLE boards sharing one adapter: discovery and connection take turns,
/// the rest runs concurrently, and one board's failure leaves the others alone.
final class BLEBatchTests: BLETestCase {
    func testBoardsOnOneAdapter() async throws {
        let sec0 = DeviceConfiguration(security: .sec0, connectDelay: .milliseconds(300))
        var badNetwork = sec0
        badNetwork.knownNetworks = [.init(ssid: "HomeNet", password: "other-password")]
        try await startFake(peripherals: [
            FakePeripheral(name: "PROV_AAAAAA", address: "24:0A:C4:00:00:0A", rssi: -40, backend: VirtualDevice(configuration: sec0)),
            FakePeripheral(name: "PROV_BBBBBB", address: "24:0A:C4:00:00:0B", rssi: -50, backend: VirtualDevice(configuration: sec0)),
            FakePeripheral(name: "PROV_CCCCCC", address: "24:0A:C4:00:00:0C", rssi: -60, backend: VirtualDevice(configuration: badNetwork)),
        ])
        let manifest = FileManager.default.temporaryDirectory.appendingPathComponent("ble-batch-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: manifest) }
        let devices = ["AAAAAA", "BBBBBB", "CCCCCC"].map { #"{"name": "slot-\#($0)", "transport": "ble", "service_name": "PROV_\#($0)", "sec_ver": 0}"# }
        try #"{"wifi": {"ssid": "HomeNet", "passphrase": "secret123"}, "devices": [\#(devices.joined(separator: ","))]}"#
            .write(to: manifest, atomically: true, encoding: .utf8)
        let result = try await Binaries.run(
            "esp-prov",
            ["batch", manifest.path, "--jobs", "3", "--retries", "0"], environment: ["DBUS_SYSTEM_BUS_ADDRESS": bus.address],
            timeout: 60)
        XCTAssertEqual(result.status, 11, result.output)
        let records = try result.stdout.split(separator: "\n").map {
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let outcomes = Dictionary(records.map { ($0["name"] as? String ?? "?", $0["outcome"] as? String ?? "?") }, uniquingKeysWith: { first, _ in first })
        XCTAssertEqual(outcomes, ["slot-AAAAAA": "provisioned", "slot-BBBBBB": "provisioned", "slot-CCCCCC": "failed"], result.output)
        XCTAssertEqual(records.first { $0["name"] as? String == "slot-CCCCCC" }?["error"] as? String, "wifi_auth")
        XCTAssertFalse(result.output.contains("secret123"), result.output)
    }
}
