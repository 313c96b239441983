import FakeBlueZ
import ProvClient
import ProvCrypto
import ProvBlueZ
import ProvDevice
import XCTest

/// The BLE transport against the strict virtual device behind the fake bluetoothd.
final class BLEVirtualDeviceTests: BLETestCase {
    private func peripheral(_ device: VirtualDevice) -> [FakePeripheral] {
        [FakePeripheral(name: "PROV_1A2B3C", address: Self.address, backend: device)]
    }

    func testSec0HandshakeAndVersionOverGATT() async throws {
        let device = VirtualDevice(configuration: DeviceConfiguration(security: .sec0))
        try await startFake(peripherals: peripheral(device))
        let transport = try await connect()
        let names = await transport.knownEndpoints
        XCTAssertEqual(names, device.endpointNames)
        XCTAssertEqual(names, ["prov-ctrl", "prov-scan", "prov-session", "prov-config", "proto-ver", "custom-data"])

        let version = try await transport.exchange("proto-ver", Array("none".utf8))
        XCTAssertEqual(version, device.versionBytes)
        let session = try await transport.exchange("prov-session", bytes(fromHex: "5203a20100")!)
        XCTAssertEqual(session, bytes(fromHex: "52050801aa0100"))
        let custom = try await transport.exchange("custom-data", Array("hello".utf8))
        XCTAssertEqual(custom, Array("SUCCESS".utf8) + [0])
        await transport.close()
    }

    func testOlderFirmwareWithoutProvCtrlKeepsTheRealCharacteristicIDs() async throws {
        let device = VirtualDevice(configuration: DeviceConfiguration(generation: .v4, security: .sec0))
        try await startFake(peripherals: peripheral(device))
        let transport = try await connect()
        let names = await transport.knownEndpoints
        XCTAssertEqual(names, ["prov-scan", "prov-session", "prov-config", "proto-ver", "custom-data"])
        XCTAssertEqual(transport.endpoints.first?.uuid, "021aff50-0382-4aea-bff4-6b3f1c5adfb4")
        XCTAssertEqual(transport.endpoints.last?.uuid, "021aff54-0382-4aea-bff4-6b3f1c5adfb4")
        let missing = await provError { _ = try await transport.exchange("prov-ctrl", [0]) }
        XCTAssertEqual(missing, .endpointNotFound("prov-ctrl"))
        await transport.close()
    }

    func testMalformedHandshakeOnBluedroidIsRefusedAndDropsTheLink() async throws {
        let device = VirtualDevice(configuration: DeviceConfiguration(security: .sec0))
        try await startFake(FakeBlueZOptions(stack: .bluedroid), peripherals: peripheral(device))
        let transport = try await connect()
        let refused = await provError { _ = try await transport.exchange("prov-session", [0xFF, 0xFF, 0xFF]) }
        XCTAssertEqual(refused, .closedWithoutResponse(endpoint: "prov-session"))
        try await Task.sleep(for: .milliseconds(200))
        let after = await provError { _ = try await transport.exchange("proto-ver", Array("none".utf8)) }
        XCTAssertTrue(after?.description.contains("device disconnected") ?? false, "\(String(describing: after))")
        await transport.close()
    }

    func testEachConnectionIsANewDeviceSession() async throws {
        let device = VirtualDevice(configuration: DeviceConfiguration(security: .sec0))
        try await startFake(peripherals: peripheral(device))
        for _ in 0..<2 {
            let transport = try await connect()
            let session = try await transport.exchange("prov-session", bytes(fromHex: "5203a20100")!)
            XCTAssertEqual(session, bytes(fromHex: "52050801aa0100"))
            await transport.close()
        }
    }
}
