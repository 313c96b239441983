import Foundation
import ProvClient
import ProvHTTP
import TestSupport
import XCTest

/// What happens to a run when the HTTP link misbehaves mid-session, driven through the library
/// against the virtual device (whose HTTP server evicts the older socket when a new one connects).
final class SessionResilienceTests: XCTestCase {
    private func request(ssid: String = "HomeNet") -> ProvisioningRequest {
        ProvisioningRequest(goal: .wifi(ssid: ssid, passphrase: "secret123"),
                            credentials: CredentialCandidates(username: "wifiprov", password: "abcd1234"), statusTimeout: .seconds(20))
    }

    /// Opens a raw TCP connection, which makes the device's server evict our socket; optionally
    /// starts a session of its own on it, which makes the device forget ours.
    private static func evictClientSocket(port: Int, andCreateSession: Bool) throws {
        let intruder = try RawHTTPClient(port: port)
        if andCreateSession {
            XCTAssertNotNil(try intruder.exchange("/proto-ver", Array("---".utf8)))
        }
        usleep(200_000)
    }

    func testDroppedSocketIsReopenedWithTheCookieAndTheSessionContinues() async throws {
        let device = try DeviceProcess(["--network", "HomeNet:secret123"])
        let transport = HTTPTransport(options: HTTPTransportOptions(address: ServiceAddress(host: "127.0.0.1", port: device.port)))
        let evicted = LockedFlag()
        let outcome = try await Provisioner(transport: transport, request: request()) { event in
            if case .sessionEstablished = event, evicted.setOnce() {
                try? Self.evictClientSocket(port: device.port, andCreateSession: false)
            }
        }.run()
        await transport.close()
        guard case .provisioned(let connection) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(connection.ssid, "HomeNet")
    }

    func testDeviceThatForgotTheSessionIsReportedAsSuch() async throws {
        let device = try DeviceProcess(["--network", "HomeNet:secret123"])
        let transport = HTTPTransport(options: HTTPTransportOptions(address: ServiceAddress(host: "127.0.0.1", port: device.port)))
        let stolen = LockedFlag()
        do {
            _ = try await Provisioner(transport: transport, request: request()) { event in
                if case .sessionEstablished = event, stolen.setOnce() {
                    try? Self.evictClientSocket(port: device.port, andCreateSession: true)
                }
            }.run()
            XCTFail("the run should fail")
        } catch ProvError.transport(let message) {
            XCTAssertTrue(message.description.contains("no longer knows this session"), message.description)
        }
        await transport.close()
    }

    func testDeviceVanishingAfterApplyIsOutcomeUnknown() async throws {
        let device = try DeviceProcess(["--network", "HomeNet:secret123", "--connect_delay", "5"])
        let transport = HTTPTransport(options: HTTPTransportOptions(
            address: ServiceAddress(host: "127.0.0.1", port: device.port), connectTimeout: .seconds(1)))
        do {
            _ = try await Provisioner(transport: transport, request: request()) { event in
                if case .applied = event { _ = device.stop() }
            }.run()
            XCTFail("the run should not succeed")
        } catch let error as ProvError {
            guard case .outcomeUnknown(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.description.contains("credentials applied, outcome unknown"), message.description)
        }
        await transport.close()
    }

    func testEventStreamReportsTheRunInOrder() async throws {
        let device = try DeviceProcess(["--network", "HomeNet:secret123"])
        let transport = HTTPTransport(options: HTTPTransportOptions(address: ServiceAddress(host: "127.0.0.1", port: device.port)))
        var names: [String] = []
        for try await event in Provisioner.events(transport: transport, request: request()) {
            switch event {
            case .sessionEstablished: names.append("session")
            case .credentialsSent: names.append("sent")
            case .applied: names.append("applied")
            case .provisioned: names.append("provisioned")
            default: break
            }
        }
        await transport.close()
        XCTAssertEqual(names, ["session", "sent", "applied", "provisioned"])
    }
}

/// A flag that is set exactly once across threads (event handlers are @Sendable).
final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var set = false

    func setOnce() -> Bool {
        lock.withLock {
            defer { set = true }
            return !set
        }
    }
}
