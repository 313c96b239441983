import DBus
import FakeBlueZ
import ProvClient
import ProvBlueZ
import XCTest

/// A GATT backend with scripted behaviour, for transport tests that need no protocol stack.
actor StubBackend: FakeGATTBackend {
    nonisolated let endpointNames: [String]
    private(set) var stopped = false
    private(set) var sessions: [String] = []

    static let versionJSON = Array("{\"prov\":{\"ver\":\"v1.1\",\"sec_ver\":0,\"cap\":[\"no_sec\",\"wifi_scan\"]}}".utf8)

    init(endpointNames: [String] = ["prov-ctrl", "prov-scan", "prov-session", "prov-config", "proto-ver", "custom-data"]) {
        self.endpointNames = endpointNames
    }

    func openSession(_ id: UInt32) { sessions.append("open \(id)") }
    func closeSession(_ id: UInt32) { sessions.append("close \(id)") }

    func handle(endpoint: String, session: UInt32, request: [UInt8]) async -> [UInt8]? {
        if endpoint == "proto-ver" { return Self.versionJSON }
        switch String(decoding: request, as: UTF8.self) {
        case "bad": return nil
        case "big": return Array(repeating: 0x41, count: 600)
        case "slow":
            try? await Task.sleep(for: .seconds(5))
            return []
        case "stop":
            stopped = true
            return Array("done".utf8)
        default:
            return Array(request.reversed())
        }
    }
}

/// A private bus with a fake bluetoothd on it, torn down at the end of each test.
class BLETestCase: XCTestCase {
    var bus: PrivateBus!
    var fake: FakeBlueZ?

    static let address = "24:0A:C4:1A:2B:3C"

    override func setUpWithError() throws {
        bus = try PrivateBus()
    }

    override func tearDown() async throws {
        await fake?.stop()
        fake = nil
        bus.stop()
    }

    /// The usual neighbourhood: our device, another provisioning device, and a non-ESP device.
    func standardPeripherals(backend: (any FakeGATTBackend)? = StubBackend()) -> [FakePeripheral] {
        [
            FakePeripheral(name: "PROV_1A2B3C", address: Self.address, rssi: -48, backend: backend),
            FakePeripheral(name: "PROV_OTHER", address: "24:0A:C4:00:00:01", rssi: -70, backend: StubBackend()),
            FakePeripheral(name: "Headphones", address: "AC:80:0A:11:22:33", rssi: -60, advertisesServiceUUID: false),
        ]
    }

    @discardableResult
    func startFake(_ options: FakeBlueZOptions = .init(), peripherals: [FakePeripheral]? = nil) async throws -> FakeBlueZ {
        let fake = try await FakeBlueZ.start(
            busAddress: bus.address, options: options, peripherals: peripherals ?? standardPeripherals())
        self.fake = fake
        return fake
    }

    func options(name: String? = "PROV_1A2B3C", scanTimeout: Duration = .seconds(5)) -> BLETransportOptions {
        BLETransportOptions(serviceName: name, scanTimeout: scanTimeout, connectTimeout: .seconds(5),
                            exchangeTimeout: .seconds(4), busAddress: bus.address)
    }

    func connect(_ options: BLETransportOptions? = nil) async throws -> BLETransport {
        try await BLETransport.connect(options: options ?? self.options())
    }

    /// Runs `body`, expecting a `ProvError`, and returns it.
    func provError(_ body: () async throws -> Void, file: StaticString = #filePath, line: UInt = #line) async -> ProvError? {
        do {
            try await body()
            XCTFail("expected an error", file: file, line: line)
        } catch let error as ProvError {
            return error
        } catch {
            XCTFail("expected a ProvError, got \(error)", file: file, line: line)
        }
        return nil
    }

    /// Runs `body`, expecting `ProvError.transport`, and returns its message as the user reads it
    /// (nil, with the test failed, for anything else).
    func transportFailure(_ body: () async throws -> Void, file: StaticString = #filePath, line: UInt = #line) async -> String? {
        let error = await provError(body, file: file, line: line)
        guard case .transport(let message) = error else {
            XCTFail("expected a transport error, got \(String(describing: error))", file: file, line: line)
            return nil
        }
        return message.description
    }
}
