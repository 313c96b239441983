import Foundation
import ProvDevice
import ProvMessages
import TestSupport
import XCTest

/// The `esp-prov-device` executable as scripts use it: first stdout line, flags, clean exit.
final class DeviceExecutableTests: XCTestCase {
    /// A running `esp-prov-device`; killed at deinit so a failing test leaves nothing behind.
    final class Running {
        let process = Process()
        let port: Int
        private let errors: PipeCollector

        init(_ arguments: [String]) throws {
            process.executableURL = try DeviceExecutableTests.binary()
            process.arguments = ["--listen", "127.0.0.1:0"] + arguments
            let output = Pipe()
            let errorPipe = Pipe()
            process.standardOutput = output
            process.standardError = errorPipe
            process.standardInput = FileHandle.nullDevice
            try process.run()
            errors = PipeCollector(errorPipe.fileHandleForReading)
            let line = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var first = ""
            DispatchQueue.global().async {
                var bytes = Data()
                while let byte = try? output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data([10]) { bytes += byte }
                first = String(decoding: bytes, as: UTF8.self)
                line.signal()
                _ = output.fileHandleForReading.readDataToEndOfFile()
            }
            guard line.wait(timeout: .now() + 20) == .success else {
                process.terminate()
                throw XCTSkip("esp-prov-device printed nothing")
            }
            guard first.hasPrefix("listening on 127.0.0.1:"), let port = Int(first.dropFirst("listening on 127.0.0.1:".count)) else {
                process.terminate()
                throw NSError(domain: "esp-prov-device", code: 1, userInfo: [NSLocalizedDescriptionKey: "first line: \(first)"])
            }
            self.port = port
        }

        /// Waits (bounded) for the exit; nil if still running.
        func waitForExit(timeout: TimeInterval) -> Int32? {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            return process.isRunning ? nil : process.terminationStatus
        }

        /// Everything logged to standard error (complete once the process has exited).
        var stderr: String { errors.text() }

        deinit {
            if process.isRunning {
                process.interrupt()
                if waitForExit(timeout: 5) == nil { kill(process.processIdentifier, SIGKILL) }
            }
        }
    }

    static func binary() throws -> URL {
        let start = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        var directory = start.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("esp-prov-device")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw XCTSkip("esp-prov-device is not built next to the tests")
    }

    func testDefaultDeviceIsTheExampleFirmwareAndStopsOnSIGTERM() throws {
        let device = try Running([])
        let client = try RawHTTPClient(port: device.port)
        let version = try XCTUnwrap(try client.exchange("/proto-ver", Array("---".utf8)))
        XCTAssertEqual(version.body, VirtualDevice(configuration: DeviceConfiguration()).versionBytes)
        device.process.terminate()
        XCTAssertEqual(device.waitForExit(timeout: 10), 0)
        XCTAssertTrue(device.stderr.contains("security 2 (sec_patch_ver 1)"), device.stderr)
    }

    func testProvisionsAndExitsAfterStop() throws {
        let device = try Running([
            "--sec_ver", "0", "--network", "Lab:pw:with:colons", "--connect_delay", "0.05", "--cleanup_delay", "0.1",
            "--exit_after_stop", "--scan_results", try TestFixtures.url("scan_results.json").path,
        ])
        let client = try RawHTTPClient(port: device.port)
        _ = try XCTUnwrap(try client.exchange("/prov-scan", Payloads.scanStart(blocking: true)))
        let scanStatus = try WiFiScanPayload(serializedBytes: try XCTUnwrap(try client.exchange("/prov-scan", Payloads.scanStatus)).body)
        XCTAssertEqual(scanStatus.respScanStatus.resultCount, 5)
        XCTAssertEqual(try client.exchange("/prov-config", Payloads.setConfig("Lab", "pw:with:colons"))?.body, hex("08036a00"))
        XCTAssertEqual(try client.exchange("/prov-config", Payloads.apply)?.body, hex("08057a00"))
        var connected = false
        for _ in 0..<200 where !connected {
            guard let answer = try client.exchange("/prov-config", Payloads.getStatus) else { break }
            connected = try WiFiConfigPayload(serializedBytes: answer.body).respGetStatus.staState == .connected
            if !connected { usleep(20_000) }
        }
        XCTAssertTrue(connected)
        XCTAssertEqual(device.waitForExit(timeout: 10), 0, device.stderr)
        XCTAssertTrue(device.stderr.contains("provisioning service stopped"), device.stderr)
    }

    func testLogsNeverContainSecrets() throws {
        let device = try Running(["--sec_ver", "1", "--pop", "pop-secret-7", "-v", "--network", "HomeNet:wifi-secret-8"])
        var crypto = Sec1TestClient(pop: "pop-secret-7")
        let client = try RawHTTPClient(port: device.port)
        let response0 = try XCTUnwrap(try client.exchange("/prov-session", try crypto.command0()))
        let response1 = try XCTUnwrap(try client.exchange("/prov-session", try crypto.command1(response0: response0.body)))
        XCTAssertTrue(try crypto.verify(response1: response1.body))
        let set = try XCTUnwrap(try client.exchange("/prov-config", try crypto.crypt(Payloads.setConfig("HomeNet", "wifi-secret-8"))))
        XCTAssertEqual(try crypto.crypt(set.body), hex("08036a00"))
        device.process.terminate()
        XCTAssertEqual(device.waitForExit(timeout: 10), 0)
        let log = device.stderr
        XCTAssertTrue(log.contains("established"), log)
        XCTAssertFalse(log.contains("secret"), log)
    }

    func testImpossibleConfigurationIsRefused() throws {
        let process = Process()
        process.executableURL = try Self.binary()
        process.arguments = ["--listen", "127.0.0.1:0", "--generation", "v4", "--sec_ver", "2"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertNotEqual(process.terminationStatus, 0)
        XCTAssertTrue(message.contains("security 2 does not exist on v4 firmware"), message)
    }
}

/// Drains a pipe on a background thread so the child never blocks on a full pipe.
final class PipeCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        DispatchQueue.global().async {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }
    }

    func text() -> String {
        _ = done.wait(timeout: .now() + 5)
        return String(decoding: data, as: UTF8.self)
    }
}
