import FakeBlueZ
import ProvClient
import ProvBlueZ
import XCTest

final class BLETransportTests: BLETestCase {
    func testEndpointMapComesFromUserDescriptionDescriptors() async throws {
        try await startFake()
        let transport = try await connect()
        let names = await transport.knownEndpoints
        XCTAssertEqual(names, ["prov-ctrl", "prov-scan", "prov-session", "prov-config", "proto-ver", "custom-data"])
        XCTAssertEqual(transport.serviceUUID, "021a9004-0382-4aea-bff4-6b3f1c5adfb4")
        XCTAssertEqual(transport.endpoints.map(\.uuid), [
            "021aff4f-0382-4aea-bff4-6b3f1c5adfb4", "021aff50-0382-4aea-bff4-6b3f1c5adfb4",
            "021aff51-0382-4aea-bff4-6b3f1c5adfb4", "021aff52-0382-4aea-bff4-6b3f1c5adfb4",
            "021aff53-0382-4aea-bff4-6b3f1c5adfb4", "021aff54-0382-4aea-bff4-6b3f1c5adfb4",
        ])
        XCTAssertEqual(transport.kind, .ble)
        await transport.close()
    }

    func testServiceIsFoundByDescriptorsWhenNotAdvertised() async throws {
        try await startFake(peripherals: [FakePeripheral(
            name: "PROV_1A2B3C", address: Self.address, serviceUUID: "1775244d-6b43-439b-877c-060f2d9bed07",
            advertisesServiceUUID: false, backend: StubBackend())])
        let transport = try await connect()
        XCTAssertEqual(transport.serviceUUID, "1775244d-6b43-439b-877c-060f2d9bed07")
        let names = await transport.knownEndpoints
        XCTAssertEqual(names?.last, "custom-data")
        await transport.close()
    }

    func testWithoutDescriptorsEndpointsAreMatchedByTheCorrectDerivation() async throws {
        try await startFake(peripherals: [FakePeripheral(
            name: "PROV_1A2B3C", address: Self.address, userDescriptions: false, backend: StubBackend())])
        let transport = try await connect()
        let names = await transport.knownEndpoints
        XCTAssertEqual(names, ["prov-ctrl", "prov-scan", "prov-session", "prov-config", "proto-ver"])
        XCTAssertEqual(transport.endpoints.first { $0.name == "prov-session" }?.uuid, "021aff51-0382-4aea-bff4-6b3f1c5adfb4")
        let version = try await transport.exchange("proto-ver", Array("none".utf8))
        XCTAssertEqual(version, StubBackend.versionJSON)
        await transport.close()
    }

    func testUUIDDerivationReplacesDigitsFiveToEight() {
        XCTAssertEqual(ProvGATTLayout.characteristicUUID(service: "021a9004-0382-4aea-bff4-6b3f1c5adfb4", id: 0xFF51),
                       "021aff51-0382-4aea-bff4-6b3f1c5adfb4")
        XCTAssertEqual(ProvGATTLayout.characteristicUUID(service: "1775244D-6B43-439B-877C-060F2D9BED07", id: 0xFF4F),
                       "1775ff4f-6b43-439b-877c-060f2d9bed07")
        XCTAssertNil(ProvGATTLayout.characteristicUUID(service: "not-a-uuid", id: 0xFF51))
        XCTAssertNil(ProvGATTLayout.characteristicUUID(service: "021a9004-0382-4aea-bff4-6b3f1c5adfbz", id: 0xFF51))
    }

    func testExchangeWritesWithResponseThenReadsTheSameCharacteristic() async throws {
        let fake = try await startFake()
        let transport = try await connect()
        let version = try await transport.exchange("proto-ver", Array("none".utf8))
        XCTAssertEqual(version, StubBackend.versionJSON)
        let echoed = try await transport.exchange("custom-data", Array(repeating: 7, count: 500) + [1])
        XCTAssertEqual(echoed, [1] + Array(repeating: 7, count: 500))
        await transport.close()

        let calls = await fake.calls
        let gatt = calls.filter { $0.hasPrefix("write ") || $0.hasPrefix("read ") }
        XCTAssertEqual(gatt, [
            "write proto-ver 4 type=request", "read proto-ver \(StubBackend.versionJSON.count)",
            "write custom-data 501 type=request", "read custom-data 501",
        ])
    }

    func testUnknownEndpointAndOversizedMessages() async throws {
        try await startFake()
        let transport = try await connect()
        let unknown = await provError { _ = try await transport.exchange("prov-nothing", [1]) }
        XCTAssertEqual(unknown, .endpointNotFound("prov-nothing"))
        let tooBig = await provError { _ = try await transport.exchange("custom-data", Array(repeating: 0, count: 513)) }
        guard case .transport = tooBig else { return XCTFail("\(String(describing: tooBig))") }
        let bigReply = await provError { _ = try await transport.exchange("custom-data", Array("big".utf8)) }
        guard case .protocolViolation = bigReply else { return XCTFail("\(String(describing: bigReply))") }
        await transport.close()
    }

    func testDisconnectInTheMiddleFailsTheExchangeAtOnce() async throws {
        try await startFake(FakeBlueZOptions(disconnectAfterExchanges: 1))
        let transport = try await connect()
        _ = try await transport.exchange("prov-session", [1, 2, 3])
        let start = ContinuousClock.now
        guard let message = await transportFailure({ _ = try await transport.exchange("prov-session", [4, 5, 6]) }) else { return }
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(1), "must not wait for BlueZ's late error or the timeout")
        XCTAssertTrue(message.contains("device disconnected"), message)
        // Later exchanges fail immediately too.
        let again = await provError { _ = try await transport.exchange("proto-ver", [1]) }
        XCTAssertTrue(again?.description.contains("device disconnected") ?? false)
        await transport.close()
    }

    func testSlowDeviceHitsTheExchangeDeadline() async throws {
        try await startFake()
        var options = options()
        options.exchangeTimeout = .milliseconds(300)
        let transport = try await connect(options)
        let error = await provError { _ = try await transport.exchange("custom-data", Array("slow".utf8)) }
        guard case .timeout = error else { return XCTFail("\(String(describing: error))") }
        await transport.close()
    }

    func testForcedEncryptionPairsOnceAndRetries() async throws {
        let fake = try await startFake(FakeBlueZOptions(forceEncryption: true))
        let log = LogLines()
        var options = options()
        options.log = { log.append($0) }
        let transport = try await connect(options)
        let reply = try await transport.exchange("proto-ver", Array("none".utf8))
        XCTAssertEqual(reply, StubBackend.versionJSON)
        _ = try await transport.exchange("prov-session", [1])
        await transport.close()

        let calls = await fake.calls
        XCTAssertTrue(calls.contains("agent NoInputNoOutput"), "\(calls)")
        XCTAssertEqual(calls.filter { $0.hasPrefix("Device1.Pair") }.count, 1, "\(calls)")
        XCTAssertTrue(calls.contains("paired \(Self.address)"), "the agent must authorize: \(calls)")
        XCTAssertTrue(calls.contains("AgentManager1.UnregisterAgent bluez"), "\(calls)")
        XCTAssertTrue(log.lines.contains { $0.contains("needs an encrypted link") }, "\(log.lines)")
    }

    func testNimBLEFailureKeepsTheLink() async throws {
        try await startFake(FakeBlueZOptions(stack: .nimble))
        let transport = try await connect()
        let error = await provError { _ = try await transport.exchange("prov-session", Array("bad".utf8)) }
        XCTAssertEqual(error, .closedWithoutResponse(endpoint: "prov-session"))
        let reply = try await transport.exchange("prov-session", [1, 2])
        XCTAssertEqual(reply, [2, 1])
        await transport.close()
    }

    func testBluedroidFailureReportsTheRefusalThenTheDisconnect() async throws {
        try await startFake(FakeBlueZOptions(stack: .bluedroid))
        let transport = try await connect()
        let error = await provError { _ = try await transport.exchange("prov-session", Array("bad".utf8)) }
        XCTAssertEqual(error, .closedWithoutResponse(endpoint: "prov-session"))
        try await Task.sleep(for: .milliseconds(200))
        let start = ContinuousClock.now
        let next = await provError { _ = try await transport.exchange("prov-session", [1]) }
        XCTAssertLessThan(ContinuousClock.now - start, .milliseconds(500))
        XCTAssertTrue(next?.description.contains("device disconnected") ?? false, "\(String(describing: next))")
        await transport.close()
    }

    func testCloseAfterTheDeviceDroppedTheLinkIsQuiet() async throws {
        let fake = try await startFake(FakeBlueZOptions(linkDropDelay: .milliseconds(200)))
        let log = LogLines()
        var options = options()
        options.log = { log.append($0) }
        let transport = try await connect(options)
        _ = try await transport.exchange("custom-data", Array("stop".utf8))
        try await Task.sleep(for: .milliseconds(600))
        let calls = await fake.calls
        XCTAssertTrue(calls.contains("device stopped; link dropped"), "\(calls)")
        let start = ContinuousClock.now
        await transport.close()
        await transport.close()
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(1))
        let after = await fake.calls
        XCTAssertTrue(after.contains("Device1.Disconnect dev_24_0A_C4_1A_2B_3C"), "close always disconnects: \(after)")
        let closed = await provError { _ = try await transport.exchange("proto-ver", [1]) }
        guard case .transport = closed else { return XCTFail("\(String(describing: closed))") }
    }

    func testVerboseLogNamesEndpointsAndSizesButNoPayload() async throws {
        try await startFake()
        let log = LogLines()
        var options = options()
        options.log = { log.append($0) }
        let transport = try await connect(options)
        _ = try await transport.exchange("custom-data", Array("secret-password".utf8))
        await transport.close()
        let text = log.lines.joined(separator: "\n")
        XCTAssertTrue(text.contains("endpoint prov-scan → 021aff50-0382-4aea-bff4-6b3f1c5adfb4"), text)
        XCTAssertTrue(text.contains("BLE write custom-data (021aff54-0382-4aea-bff4-6b3f1c5adfb4): 15 bytes"), text)
        XCTAssertFalse(text.contains("secret"), text)
    }
}

final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []

    func append(_ line: String) {
        lock.withLock { storage.append(line) }
    }

    var lines: [String] { lock.withLock { storage } }
}
