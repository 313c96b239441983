import FakeBlueZ
import Foundation
import ProvDevice
import TestSupport
import XCTest

/// A BLE run ended from outside (a signal, `--deadline`, the end of stdin with `--end_with_stdin`)
/// disconnects its device before exiting: bluetoothd keeps a link its client did not close, and
/// an ESP32 does not advertise while connected, so the next run would not find it.
final class BLERunEndingTests: BLETestCase {
    /// A sec0 device that holds "connecting" for 30 s after the credentials, so the run is mid-way.
    private func startSlowDevice() async throws {
        try await startFake(peripherals: [FakePeripheral(
            name: "PROV_1A2B3C", address: Self.address, rssi: -48,
            backend: VirtualDevice(configuration: DeviceConfiguration(security: .sec0, connectDelay: .seconds(30))))])
    }

    private func run(_ extra: [String]) throws -> InteractiveProcess {
        try InteractiveProcess(
            "esp-prov", ["--transport", "ble", "--service_name", "PROV_1A2B3C", "--scan_timeout", "2", "--sec_ver", "0",
                         "--ssid", "HomeNet", "--passphrase", "secret123", "--json"] + extra,
            environment: ["DBUS_SYSTEM_BUS_ADDRESS": bus.address])
    }

    private func assertDisconnected(_ process: InteractiveProcess, file: StaticString = #filePath, line: UInt = #line) async throws {
        let calls = await try XCTUnwrap(fake).calls
        XCTAssertTrue(calls.contains { $0.hasPrefix("Device1.Disconnect") },
                      "the link was left open: \(calls)\n\(process.transcript)", file: file, line: line)
        XCTAssertEqual(process.transcript.components(separatedBy: #""event":"result""#).count, 2,
                       "one result line:\n\(process.transcript)", file: file, line: line)
    }

    func testTheEndOfStdinDisconnectsTheDevice() async throws {
        try await startSlowDevice()
        let process = try run(["--end_with_stdin", "--no_prompt"])
        _ = try await process.waitFor(#""event":"config_applied""#)
        process.closeInput()
        XCTAssertEqual(try process.wait(), 130, process.transcript)
        XCTAssertTrue(process.transcript.contains(#""error":"interrupted""#), process.transcript)
        try await assertDisconnected(process)
    }

    func testADeadlineDisconnectsTheDevice() async throws {
        try await startSlowDevice()
        let process = try run(["--deadline", "8"])
        let before = try await process.waitFor(#""event":"config_applied""#)
        XCTAssertNotNil(before, "the run ended before the credentials were applied (a slow host?):\n\(process.transcript)")
        XCTAssertEqual(try process.wait(timeout: 30), 7, process.transcript)
        XCTAssertTrue(process.transcript.contains("--deadline 8 s"), process.transcript)
        try await assertDisconnected(process)
        process.closeInput()
    }

    func testSIGTERMDisconnectsTheDevice() async throws {
        try await startSlowDevice()
        let process = try run([])
        _ = try await process.waitFor(#""event":"config_applied""#)
        process.signal(SIGTERM)
        XCTAssertEqual(try process.wait(), 130, process.transcript)
        try await assertDisconnected(process)
        process.closeInput()
    }

    /// A single run given `--ble_adapter hci0` and a batch (which uses the default adapter, here
    /// hci0 too) take turns on one host-wide lock, `ble-hci0`: the batch waits and names the holder.
    func testABatchWaitsForARunThatNamedTheSameAdapter() async throws {
        let sec0 = DeviceConfiguration(security: .sec0)
        var slow = sec0
        slow.connectDelay = .seconds(30)
        try await startFake(peripherals: [
            FakePeripheral(name: "PROV_1A2B3C", address: Self.address, rssi: -48, backend: VirtualDevice(configuration: slow)),
            FakePeripheral(name: "PROV_BBBBBB", address: "24:0A:C4:00:00:0B", rssi: -50, backend: VirtualDevice(configuration: sec0)),
        ])
        let single = try run(["--ble_adapter", "hci0"])
        _ = try await single.waitFor(#""event":"config_applied""#)
        let manifest = FileManager.default.temporaryDirectory.appendingPathComponent("ble-lock-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: manifest) }
        try #"{"wifi": {"ssid": "HomeNet", "passphrase": "secret123"}, "devices": [{"name": "b", "transport": "ble", "service_name": "PROV_BBBBBB", "sec_ver": 0}]}"#
            .write(to: manifest, atomically: true, encoding: .utf8)
        let batch = try InteractiveProcess(
            "esp-prov", ["batch", manifest.path, "--retries", "0"], environment: ["DBUS_SYSTEM_BUS_ADDRESS": bus.address])
        let waiting = try await batch.waitFor("esp-prov: waiting for ble-hci0, in use by pid \(single.pid) (esp-prov)")
        XCTAssertNotNil(waiting, "the batch did not wait for the run on hci0:\n\(batch.transcript)")
        XCTAssertFalse(batch.transcript.contains(#""outcome""#), "the batch provisioned while the run held hci0:\n\(batch.transcript)")
        single.signal(SIGTERM)
        XCTAssertEqual(try single.wait(), 130, single.transcript)
        XCTAssertEqual(try batch.wait(timeout: 60), 0, batch.transcript)
        single.closeInput()
        batch.closeInput()
    }
}
