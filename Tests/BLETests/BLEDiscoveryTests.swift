import FakeBlueZ
import ProvClient
import ProvBlueZ
import XCTest

final class BLEDiscoveryTests: BLETestCase {
    func testFindsTheDeviceByExactNameWithoutWaitingForTheScanToEnd() async throws {
        let fake = try await startFake()
        let start = ContinuousClock.now
        let transport = try await connect(options(scanTimeout: .seconds(10)))
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(3))
        XCTAssertEqual(transport.device.name, "PROV_1A2B3C")
        XCTAssertEqual(transport.device.address, Self.address)
        XCTAssertEqual(transport.device.rssi, -48)
        await transport.close()

        let calls = await fake.calls
        XCTAssertTrue(calls.contains("filter Transport=le"), "\(calls)")
        XCTAssertTrue(calls.contains("Adapter1.StartDiscovery hci0"), "\(calls)")
        XCTAssertTrue(calls.contains("Adapter1.StopDiscovery hci0"), "\(calls)")
        XCTAssertTrue(calls.contains("Device1.Connect dev_24_0A_C4_1A_2B_3C"), "\(calls)")
        XCTAssertTrue(calls.contains("Device1.Disconnect dev_24_0A_C4_1A_2B_3C"), "\(calls)")
    }

    func testCachedDeviceIsTakenOnceAnAdvertisementUpdatesIt() async throws {
        try await startFake(peripherals: [FakePeripheral(
            name: "PROV_1A2B3C", address: Self.address, cached: true, backend: StubBackend())])
        let start = ContinuousClock.now
        let transport = try await connect(options(scanTimeout: .seconds(10)))
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(3), "the RSSI update must end the scan early")
        XCTAssertEqual(transport.device.rssi, -50)
        await transport.close()
    }

    /// A device BlueZ remembers but the scan did not see: one connection attempt bounded by the scan
    /// timeout, not the real bluetoothd's ~41 s (the fake holds it as long), and no rediscovery.
    func testCachedButSilentDeviceIsTriedOnceWithinTheScanTimeoutThenReported() async throws {
        let fake = try await startFake(peripherals: [FakePeripheral(
            name: "PROV_1A2B3C", address: Self.address, cached: true, advertising: false, backend: StubBackend())])
        let options = options(scanTimeout: .milliseconds(300))
        guard let message = await transportFailure({ _ = try await self.connect(options) }) else { return }
        XCTAssertTrue(message.contains("24:0A:C4:1A:2B:3C"), message)
        XCTAssertTrue(message.contains("was not seen advertising within 0.3 seconds"), message)
        let calls = await fake.calls
        XCTAssertEqual(calls.filter { $0.hasPrefix("Device1.Connect") }.count, 1, "\(calls)")
        XCTAssertEqual(calls.filter { $0 == "Adapter1.StartDiscovery hci0" }.count, 1, "no rediscovery for a device never seen: \(calls)")
    }

    func testNameMatchIsExact() async throws {
        try await startFake()
        guard let message = await transportFailure({ _ = try await self.connect(self.options(name: "PROV_1A2B", scanTimeout: .milliseconds(500))) }) else { return }
        XCTAssertTrue(message.contains("'PROV_1A2B' not found"), message)
    }

    func testDeviceListCarriesWhatTheCLIPrints() async throws {
        try await startFake()
        var options = options(name: nil, scanTimeout: .milliseconds(400))
        let devices = try await BLETransport.discover(options: options)
        XCTAssertEqual(devices.map(\.name), ["PROV_1A2B3C", "PROV_OTHER"])  // prefix PROV_, strongest first
        let first = try XCTUnwrap(devices.first)
        XCTAssertEqual(first.address, Self.address)
        XCTAssertEqual(first.rssi, -48)
        XCTAssertEqual(first.serviceUUIDs, ["021a9004-0382-4aea-bff4-6b3f1c5adfb4"])
        XCTAssertEqual(first.objectPath, "/org/bluez/hci0/dev_24_0A_C4_1A_2B_3C")

        options.namePrefix = ""
        let everything = try await BLETransport.discover(options: options)
        XCTAssertEqual(everything.map(\.displayName), ["PROV_1A2B3C", "Headphones", "PROV_OTHER"])
    }

    func testChooserSeesTheListAndCanAskForARescan() async throws {
        try await startFake()
        let rounds = Counter()
        let transport = try await BLETransport.connect(options: options(name: nil, scanTimeout: .milliseconds(300))) { devices in
            let round = await rounds.increment()
            XCTAssertEqual(devices.map(\.displayName), ["PROV_1A2B3C", "PROV_OTHER"])
            return round == 1 ? .rescan : .device(devices[1])
        }
        let count = await rounds.value
        XCTAssertEqual(count, 2)
        XCTAssertEqual(transport.device.name, "PROV_OTHER")
        await transport.close()
    }

    func testNoNameAndNoChooserIsAUsageError() async throws {
        try await startFake()
        let error = await provError { _ = try await self.connect(self.options(name: nil, scanTimeout: .milliseconds(200))) }
        guard case .usage = error else { return XCTFail("\(String(describing: error))") }
    }

    func testAbsentDeviceErrorListsTheNamesSeen() async throws {
        let fake = try await startFake()
        guard let message = await transportFailure({ _ = try await self.connect(self.options(name: "PROV_MISSING", scanTimeout: .milliseconds(500))) }) else { return }
        XCTAssertTrue(message.contains("PROV_MISSING"), message)
        XCTAssertTrue(message.contains("PROV_1A2B3C") && message.contains("PROV_OTHER") && message.contains("Headphones"), message)
        let calls = await fake.calls
        XCTAssertTrue(calls.contains("Adapter1.StopDiscovery hci0"), "discovery must always be stopped: \(calls)")
    }

    func testPoweredOffAdapterSaysHowToPowerItOn() async throws {
        try await startFake(FakeBlueZOptions(adapterPowered: false))
        let error = await provError { _ = try await self.connect() }
        guard case .transport? = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertTrue(error?.description.contains("bluetoothctl power on") ?? false, "\(String(describing: error))")
    }

    func testMissingAdapterIsNamed() async throws {
        try await startFake(FakeBlueZOptions(adapterPresent: false))
        let error = await provError { _ = try await self.connect() }
        XCTAssertTrue(error?.description.contains("no Bluetooth adapter") ?? false, "\(String(describing: error))")
    }

    func testUnknownAdapterNameListsTheAvailableOnes() async throws {
        try await startFake()
        var named = options()
        named.adapter = "hci7"
        let other = await provError { _ = try await self.connect(named) }
        XCTAssertTrue(other?.description.contains("hci7 not found; available: hci0") ?? false, "\(String(describing: other))")
    }

    func testUnknownAdapterCarriesItsNameAndTheAvailableOnes() async throws {
        try await startFake()
        var named = options()
        named.adapter = "hci7"
        let error = await provError { _ = try await self.connect(named) }
        guard case .transport(let failure) = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(failure.what, .adapterNotFound(name: "hci7", available: ["hci0"]))
    }

    func testMissingBluetoothdSuggestsTheConsoleTransport() async throws {
        let error = await provError { _ = try await self.connect() }
        guard case .bluetoothUnavailable(let message) = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertTrue(message.description.contains("BlueZ (bluetoothd) is not running"), message.description)
        XCTAssertEqual(error?.remedies, [.provisionOverConsole], message.description)
    }

    func testUnreachableSystemBusIsExplained() async throws {
        var options = options()
        options.busAddress = "unix:path=/nonexistent/esp-prov-bus"
        let error = await provError { _ = try await BLETransport.connect(options: options) }
        XCTAssertTrue(error?.description.contains("D-Bus system bus") ?? false, "\(String(describing: error))")
    }

    /// What a program reads when BLE cannot be used: the cause as a value (no bluetoothd on the bus,
    /// no reachable bus with libdbus's words), and the console transport as the remedy.
    func testBluetoothUnavailableCarriesItsCause() async throws {
        let missing = await provError { _ = try await self.connect() }
        guard case .bluetoothUnavailable(let noDaemon) = missing else { return XCTFail("\(String(describing: missing))") }
        XCTAssertEqual(noDaemon.cause, .bluetoothdNotRunning)
        XCTAssertEqual(noDaemon.remedies, [.provisionOverConsole])
        var options = options()
        options.busAddress = "unix:path=/nonexistent/esp-prov-bus"
        let unreachable = await provError { _ = try await BLETransport.connect(options: options) }
        guard case .bluetoothUnavailable(let noBus) = unreachable else { return XCTFail("\(String(describing: unreachable))") }
        guard case .noSystemBus(let why) = noBus.cause else { return XCTFail("\(noBus.cause)") }
        XCTAssertFalse(why.isEmpty, "libdbus says why the bus cannot be reached")
        XCTAssertEqual(noBus.remedies, [.useConsoleTransport])
        XCTAssertEqual(noBus.description, "cannot reach the D-Bus system bus (\(why)); is dbus running? Or \(Remedy.useConsoleTransport)")
    }

    func testFailedConnectIsRetriedAfterRemovingTheCachedDevice() async throws {
        // The first Connect and its three flake retries fail; then the cache purge and a fresh discovery.
        let fake = try await startFake(FakeBlueZOptions(failingConnects: 4))
        var options = options()
        options.connectRetryPause = .milliseconds(20)
        let transport = try await connect(options)
        let reply = try await transport.exchange("prov-session", Array("abc".utf8))
        XCTAssertEqual(reply, Array("cba".utf8))
        await transport.close()
        let calls = await fake.calls
        XCTAssertEqual(calls.filter { $0.hasPrefix("Device1.Connect") }.count, 5, "\(calls)")
        XCTAssertTrue(calls.contains("Adapter1.RemoveDevice hci0"), "\(calls)")
    }
}

actor Counter {
    private(set) var value = 0
    func increment() -> Int {
        value += 1
        return value
    }
}
