import ProvDevice
import XCTest

/// Shared set-up: devices with fast timings, shut down after every test so no timer outlives it.
class DeviceTestCase: XCTestCase {
    private var devices: [VirtualDevice] = []

    /// A configuration with millisecond timings (the defaults are the board's seconds).
    func fastConfiguration(
        generation: DeviceConfiguration.Generation = .v5,
        security: DeviceConfiguration.Security = .sec0,
        _ adjust: (inout DeviceConfiguration) -> Void = { _ in }
    ) -> DeviceConfiguration {
        var configuration = DeviceConfiguration(
            generation: generation,
            security: security,
            scanDuration: .milliseconds(30),
            attemptInterval: .milliseconds(20),
            attachDelay: .milliseconds(20),
            attachTimeout: .milliseconds(120),
            connectDelay: .milliseconds(20),
            cleanupDelay: .milliseconds(100),
            autoStopTimeout: .seconds(30)
        )
        adjust(&configuration)
        return configuration
    }

    /// A running device with session 1 open.
    func makeDevice(_ configuration: DeviceConfiguration, randomness: DeviceRandomness = .system) async -> VirtualDevice {
        let device = VirtualDevice(configuration: configuration, randomness: randomness)
        devices.append(device)
        await device.openSession(1)
        return device
    }

    override func tearDown() async throws {
        for device in devices { await device.shutdown() }
        devices.removeAll()
        try await super.tearDown()
    }
}

extension VirtualDevice {
    /// Sends one request on session 1.
    func send(_ endpoint: String, _ request: [UInt8]) async -> [UInt8]? {
        await handle(endpoint: endpoint, session: 1, request: request)
    }

    /// Command0 then Command1 on session 1, failing the test if either goes unanswered; returns
    /// Response1 for the client to verify. Nonisolated, so the client stays in the caller's task
    /// instead of being sent into the actor.
    nonisolated func handshake<Client: HandshakeTestClient>(
        _ client: inout Client, file: StaticString = #filePath, line: UInt = #line
    ) async throws -> [UInt8] {
        let response0 = try await XCTUnwrapAsync(await send("prov-session", try client.command0()), file: file, line: line)
        return try await XCTUnwrapAsync(await send("prov-session", try client.command1(response0: response0)), file: file, line: line)
    }
}
