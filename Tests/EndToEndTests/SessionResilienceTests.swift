import Foundation
import NIOCore
import NIOPosix
import ProvClient
import TestSupport
import XCTest

/// What happens to a run when the HTTP link misbehaves mid-session, driven through the library
/// against the virtual device (whose HTTP server evicts the older socket when a new one connects).
final class SessionResilienceTests: XCTestCase {
    private func request(ssid: String = "HomeNet") -> ProvisioningRequest {
        ProvisioningRequest(goal: .wifi(ssid: ssid, passphrase: "secret123"), username: "wifiprov", password: "abcd1234", statusTimeout: 20)
    }

    /// Opens a raw TCP connection, which makes the device's server evict our socket, and sends nothing.
    private func evictClientSocket(port: Int, andCreateSession: Bool) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        XCTAssertEqual(connected, 0)
        if andCreateSession {
            let request = "POST /proto-ver HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n---"
            _ = request.withCString { send(fd, $0, strlen($0), 0) }
            var buffer = [UInt8](repeating: 0, count: 512)
            _ = recv(fd, &buffer, buffer.count, 0)
        }
        usleep(200_000)
    }

    func testDroppedSocketIsReopenedWithTheCookieAndTheSessionContinues() async throws {
        let device = try DeviceProcess(["--network", "HomeNet:secret123"])
        let transport = HTTPTransport(options: HTTPTransportOptions(address: ServiceAddress(host: "127.0.0.1", port: device.port)))
        let evicted = LockedFlag()
        let outcome = try await Provisioner(transport: transport, request: request()) { event in
            if case .sessionEstablished = event, evicted.setOnce() {
                try? self.evictClientSocket(port: device.port, andCreateSession: false)
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
                    try? self.evictClientSocket(port: device.port, andCreateSession: true)
                }
            }.run()
            XCTFail("the run should fail")
        } catch ProvError.transport(let message) {
            XCTAssertTrue(message.contains("no longer knows this session"), message)
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
            XCTAssertEqual(error.exitCode, 10)
            XCTAssertTrue(message.contains("credentials applied, outcome unknown"), message)
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
