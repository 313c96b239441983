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
    private static let slowDevice = DeviceConfiguration(security: .sec0, connectDelay: .seconds(30))

    /// PROV_1A2B3C behind a bluetoothd with `options`.
    private func startDevice(_ options: FakeBlueZOptions = .init(), _ configuration: DeviceConfiguration = slowDevice) async throws {
        try await startFake(options, peripherals: [FakePeripheral(
            name: "PROV_1A2B3C", address: Self.address, rssi: -48, backend: VirtualDevice(configuration: configuration))])
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

    /// A run against a device bluetoothd takes 30 s to connect to, sent SIGINT once its Connect is in flight.
    private func interruptDuringConnect(_ options: FakeBlueZOptions) async throws -> InteractiveProcess {
        var options = options
        options.connectDelay = .seconds(30)
        try await startDevice(options, DeviceConfiguration(security: .sec0))
        let process = try run([])
        let connecting = try await fakeSaw("Device1.Connect dev_24_0A_C4_1A_2B_3C")
        XCTAssertTrue(connecting, "the run never connected:\n\(process.transcript)")
        process.signal(SIGINT)
        return process
    }

    /// `esp-prov batch` provisioning the sec0 boards PROV_`ids` all at once (one job each), with its
    /// report file and the folder (to remove) that holds the manifest and the report.
    private func startBatch(_ ids: [String]) throws -> (batch: InteractiveProcess, report: URL, directory: URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ble-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let manifest = directory.appendingPathComponent("rack.json")
        let report = directory.appendingPathComponent("report.jsonl")
        let devices = ids.map { #"{"name": "slot-\#($0)", "transport": "ble", "service_name": "PROV_\#($0)", "sec_ver": 0}"# }
        try #"{"wifi": {"ssid": "HomeNet", "passphrase": "secret123"}, "devices": [\#(devices.joined(separator: ","))]}"#
            .write(to: manifest, atomically: true, encoding: .utf8)
        let batch = try InteractiveProcess(
            "esp-prov", ["batch", manifest.path, "--jobs", "\(ids.count)", "--retries", "0", "--timeout", "120",
                         "--device_timeout", "120", "--report", report.path],
            environment: ["DBUS_SYSTEM_BUS_ADDRESS": bus.address])
        return (batch, report, directory)
    }

    /// The run ended anyway (130, one `result` line) and said which device may stay connected and what to do.
    private func assertNamedStillConnected(_ process: InteractiveProcess, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try process.wait(timeout: 15), 130, process.transcript, file: file, line: line)
        XCTAssertTrue(process.transcript.contains(
            "esp-prov: could not disconnect PROV_1A2B3C within 2 s: bluetoothd may keep it connected, and a connected device "
                + "does not advertise; disconnect it with bluetoothctl (or power-cycle it)"), process.transcript, file: file, line: line)
        XCTAssertEqual(process.transcript.components(separatedBy: #""event":"result""#).count, 2, process.transcript,
                       file: file, line: line)
    }

    func testTheEndOfStdinDisconnectsTheDevice() async throws {
        try await startDevice()
        let process = try run(["--end_with_stdin", "--no_prompt"])
        _ = try await process.waitFor(#""event":"config_applied""#)
        process.closeInput()
        XCTAssertEqual(try process.wait(), 130, process.transcript)
        XCTAssertTrue(process.transcript.contains(#""error":"interrupted""#), process.transcript)
        try await assertDisconnected(process)
    }

    func testADeadlineDisconnectsTheDevice() async throws {
        try await startDevice()
        let process = try run(["--deadline", "8"])
        let before = try await process.waitFor(#""event":"config_applied""#)
        XCTAssertNotNil(before, "the run ended before the credentials were applied (a slow host?):\n\(process.transcript)")
        XCTAssertEqual(try process.wait(timeout: 30), 7, process.transcript)
        XCTAssertTrue(process.transcript.contains("--deadline 8 s"), process.transcript)
        try await assertDisconnected(process)
        process.closeInput()
    }

    func testSIGTERMDisconnectsTheDevice() async throws {
        try await startDevice()
        let process = try run([])
        _ = try await process.waitFor(#""event":"config_applied""#)
        process.signal(SIGTERM)
        XCTAssertEqual(try process.wait(), 130, process.transcript)
        try await assertDisconnected(process)
        process.closeInput()
    }

    /// A bluetoothd that does not answer the Disconnect in time: the run still ends (130, one
    /// `result` line) within the close limit, and says which device may stay connected and what to do.
    func testALinkThatWouldNotCloseIsNamed() async throws {
        var options = FakeBlueZOptions()
        options.disconnectDelay = .seconds(20)
        try await startDevice(options)
        let process = try run([])
        defer { process.closeInput() }
        _ = try await process.waitFor(#""event":"config_applied""#)
        process.signal(SIGTERM)
        try assertNamedStillConnected(process)
    }

    /// Ctrl-C while bluetoothd is still connecting: the run cancels the Connect with a Disconnect
    /// (real bluetoothd would otherwise complete it and keep the board connected), exits 130 and
    /// prints one `result` line.
    func testAnInterruptDuringConnectCancelsTheConnection() async throws {
        let process = try await interruptDuringConnect(FakeBlueZOptions())
        defer { process.closeInput() }
        XCTAssertEqual(try process.wait(timeout: 15), 130, process.transcript)
        XCTAssertTrue(process.transcript.contains(#""error":"interrupted""#), process.transcript)
        try await assertDisconnected(process)
        let calls = await try XCTUnwrap(fake).calls
        XCTAssertTrue(calls.contains("Disconnect cancelled a Connect in flight"), "\(calls)\n\(process.transcript)")
        XCTAssertFalse(process.transcript.contains("could not disconnect"), process.transcript)
    }

    /// SIGTERM after `Connect` returned, while the GATT services are still resolving: the device is
    /// disconnected, as it is once the link is open.
    func testAnInterruptDuringServiceResolutionDisconnectsTheDevice() async throws {
        try await startDevice(FakeBlueZOptions(serviceResolutionDelay: .seconds(30)), DeviceConfiguration(security: .sec0))
        let process = try run([])
        defer { process.closeInput() }
        let resolving = try await fakeSaw("Properties.GetAll dev_24_0A_C4_1A_2B_3C")
        XCTAssertTrue(resolving, "the run never connected:\n\(process.transcript)")
        process.signal(SIGTERM)
        XCTAssertEqual(try process.wait(timeout: 15), 130, process.transcript)
        try await assertDisconnected(process)
        XCTAssertFalse(process.transcript.contains("could not disconnect"), process.transcript)
    }

    /// A bluetoothd that does not answer the Disconnect of a connect in flight: the run still ends
    /// (130, one `result` line) and names the device that may stay connected.
    func testAConnectThatWouldNotBeCancelledIsNamed() async throws {
        var options = FakeBlueZOptions()
        options.disconnectDelay = .seconds(20)
        let process = try await interruptDuringConnect(options)
        defer { process.closeInput() }
        try assertNamedStillConnected(process)
    }

    /// Ctrl-C while a batch has one board connected and the next one connecting: both are undone.
    func testAnInterruptedBatchCancelsTheConnectInFlight() async throws {
        var options = FakeBlueZOptions()
        options.connectDelay = .seconds(5)
        let slow = [VirtualDevice(configuration: DeviceConfiguration(security: .sec0, connectDelay: .seconds(60))),
                    VirtualDevice(configuration: DeviceConfiguration(security: .sec0, connectDelay: .seconds(60)))]
        try await startFake(options, peripherals: [
            FakePeripheral(name: "PROV_BBBBBB", address: "24:0A:C4:00:00:0B", rssi: -50, backend: slow[0]),
            FakePeripheral(name: "PROV_CCCCCC", address: "24:0A:C4:00:00:0C", rssi: -60, backend: slow[1]),
        ])
        let (batch, report, directory) = try startBatch(["BBBBBB", "CCCCCC"])
        defer { batch.closeInput(); try? FileManager.default.removeItem(at: directory) }
        // BLE opens take turns on the adapter: the second Connect starts once the first board is connected.
        let first = try await fakeSaw("Device1.Connect dev_24_0A_C4_00_00_0B")
        let second = try await fakeSaw("Device1.Connect dev_24_0A_C4_00_00_0C")
        XCTAssertTrue(first && second, "the batch did not connect both boards:\n\(batch.transcript)")
        batch.signal(SIGINT)
        XCTAssertEqual(try batch.wait(timeout: 30), 130, batch.transcript)
        let after = await try XCTUnwrap(fake).calls
        XCTAssertTrue(after.contains("Device1.Disconnect dev_24_0A_C4_00_00_0B"), "the first board was left connected: \(after)")
        XCTAssertTrue(after.contains("Device1.Disconnect dev_24_0A_C4_00_00_0C"), "the second board's connect went on: \(after)")
        XCTAssertTrue(after.contains("Disconnect cancelled a Connect in flight"), "\(after)\n\(batch.transcript)")
        XCTAssertFalse(batch.transcript.contains("could not disconnect"), batch.transcript)
        let lines = try String(contentsOf: report, encoding: .utf8).split(separator: "\n").map {
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let errors = Dictionary(lines.map { ($0["name"] as? String ?? "?", $0["error"] as? String ?? "none") }, uniquingKeysWith: { $1 })
        XCTAssertEqual(errors, ["slot-BBBBBB": "interrupted", "slot-CCCCCC": "interrupted"], batch.transcript)
    }

    /// Ctrl-C at the device list: nothing is connected yet, so the run ends without waiting for the
    /// prompt (which a cancel does not end) and names no device.
    func testAnInterruptAtTheDeviceListNamesNoDevice() async throws {
        try await startFake(peripherals: standardPeripherals(backend: VirtualDevice(configuration: DeviceConfiguration(security: .sec0))))
        let process = try InteractiveProcess(
            "esp-prov", ["--transport", "ble", "--scan_timeout", "1", "--sec_ver", "0", "--ssid", "HomeNet", "--passphrase", "secret123"],
            pseudoTerminal: true, environment: ["DBUS_SYSTEM_BUS_ADDRESS": bus.address])
        defer { process.closeInput() }
        let prompt = try await process.waitFor("Select device by number (0 to rescan) : ")
        XCTAssertNotNil(prompt, process.transcript)
        process.type("\u{03}")  // Ctrl-C: the terminal sends esp-prov SIGINT
        XCTAssertEqual(try process.wait(timeout: 15), 130, process.transcript)
        XCTAssertFalse(process.transcript.contains("could not disconnect"), process.transcript)
        XCTAssertTrue(process.transcript.contains("interrupted"), process.transcript)
        let calls = await try XCTUnwrap(fake).calls
        XCTAssertFalse(calls.contains { $0.hasPrefix("Device1.Connect") }, "\(calls)")
    }

    /// Whether the fake bluetoothd receives `call` within a minute (it is polled: the run is in another process).
    private func fakeSaw(_ call: String) async throws -> Bool {
        let fake = try XCTUnwrap(fake)
        let clock = ContinuousClock()
        let limit = clock.now + .seconds(60)
        while clock.now < limit {
            if await fake.calls.contains(call) { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
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

    /// Ctrl-C mid-rack with boards connected over BLE: the batch disconnects every board in flight
    /// (through the same ending as a single run), the finished board keeps its line, and each
    /// unfinished board gets one `interrupted` line saying it was sent credentials.
    func testAnInterruptedBatchDisconnectsEveryBoardInFlight() async throws {
        let fast = VirtualDevice(configuration: DeviceConfiguration(security: .sec0, connectDelay: .milliseconds(100)))
        let slow = [VirtualDevice(configuration: DeviceConfiguration(security: .sec0, connectDelay: .seconds(60))),
                    VirtualDevice(configuration: DeviceConfiguration(security: .sec0, connectDelay: .seconds(60)))]
        try await startFake(peripherals: [
            FakePeripheral(name: "PROV_AAAAAA", address: "24:0A:C4:00:00:0A", rssi: -40, backend: fast),
            FakePeripheral(name: "PROV_BBBBBB", address: "24:0A:C4:00:00:0B", rssi: -50, backend: slow[0]),
            FakePeripheral(name: "PROV_CCCCCC", address: "24:0A:C4:00:00:0C", rssi: -60, backend: slow[1]),
        ])
        var applied: [AsyncStream<DeviceEvent>] = []
        for device in slow { applied.append(await device.events()) }
        let (batch, report, directory) = try startBatch(["AAAAAA", "BBBBBB", "CCCCCC"])
        defer { batch.closeInput(); try? FileManager.default.removeItem(at: directory) }
        let finished = try await batch.waitFor("ok    slot-AAAAAA", timeout: 60)
        XCTAssertNotNil(finished, "the fast board did not finish:\n\(batch.transcript)")
        for events in applied {
            let sawApply = await Self.first(of: events, within: .seconds(60)) { if case .wifiConfigApplied = $0 { true } else { false } }
            XCTAssertTrue(sawApply, "a slow board was not sent credentials:\n\(batch.transcript)")
        }
        batch.signal(SIGINT)
        XCTAssertEqual(try batch.wait(timeout: 30), 130, batch.transcript)

        let calls = await try XCTUnwrap(fake).calls
        for board in ["dev_24_0A_C4_00_00_0B", "dev_24_0A_C4_00_00_0C"] {
            XCTAssertTrue(calls.contains("Device1.Disconnect \(board)"), "\(board) was left connected: \(calls)\n\(batch.transcript)")
        }
        XCTAssertFalse(batch.transcript.contains("could not disconnect"), batch.transcript)
        let lines = try String(contentsOf: report, encoding: .utf8).split(separator: "\n").map {
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        XCTAssertEqual(lines.compactMap { $0["name"] as? String }.sorted(), ["slot-AAAAAA", "slot-BBBBBB", "slot-CCCCCC"],
                       "one line per board:\n\(batch.transcript)")
        let errors = Dictionary(lines.map { ($0["name"] as? String ?? "?", $0["error"] as? String ?? "none") }, uniquingKeysWith: { $1 })
        XCTAssertEqual(errors, ["slot-AAAAAA": "none", "slot-BBBBBB": "interrupted", "slot-CCCCCC": "interrupted"], batch.transcript)
        for line in lines where line["error"] as? String == "interrupted" {
            XCTAssertEqual(line["message"] as? String, "interrupted after the device was sent credentials: the outcome is unknown")
        }
    }

    /// Whether `events` yields an event matching `matches` within `limit` (false when it ends or time is up).
    private static func first(
        of events: AsyncStream<DeviceEvent>, within limit: Duration, matching matches: @escaping @Sendable (DeviceEvent) -> Bool
    ) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await event in events where matches(event) { return true }
                return false
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            let found = await group.next() ?? false
            group.cancelAll()
            return found
        }
    }
}
