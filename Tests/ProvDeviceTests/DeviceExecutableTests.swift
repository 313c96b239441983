import Foundation
import ProvDevice
import ProvMessages
import TestSupport
import XCTest

/// The `esp-prov-device` executable as scripts use it: first stdout line, flags, clean exit.
final class DeviceExecutableTests: XCTestCase {
    func testDefaultDeviceIsTheExampleFirmwareAndStopsOnSIGTERM() throws {
        let device = try DeviceProcess([])
        let client = try RawHTTPClient(port: device.port)
        let version = try XCTUnwrap(try client.exchange("/proto-ver", Array("---".utf8)))
        XCTAssertEqual(version.body, VirtualDevice(configuration: DeviceConfiguration()).versionBytes)
        device.terminate()
        XCTAssertEqual(device.waitForExit(timeout: 10), 0)
        XCTAssertTrue(device.stderr.contains("security 2 (sec_patch_ver 1)"), device.stderr)
    }

    func testProvisionsAndExitsAfterStop() throws {
        let device = try DeviceProcess([
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
        let device = try DeviceProcess(["--sec_ver", "1", "--pop", "pop-secret-7", "-v", "--network", "HomeNet:wifi-secret-8"])
        var crypto = Sec1TestClient(pop: "pop-secret-7")
        let client = try RawHTTPClient(port: device.port)
        let response0 = try XCTUnwrap(try client.exchange("/prov-session", try crypto.command0()))
        let response1 = try XCTUnwrap(try client.exchange("/prov-session", try crypto.command1(response0: response0.body)))
        XCTAssertTrue(try crypto.verify(response1: response1.body))
        let set = try XCTUnwrap(try client.exchange("/prov-config", try crypto.crypt(Payloads.setConfig("HomeNet", "wifi-secret-8"))))
        XCTAssertEqual(try crypto.crypt(set.body), hex("08036a00"))
        device.terminate()
        XCTAssertEqual(device.waitForExit(timeout: 10), 0)
        let log = device.stderr
        XCTAssertTrue(log.contains("established"), log)
        XCTAssertFalse(log.contains("secret"), log)
    }

    func testImpossibleConfigurationIsRefused() throws {
        let process = Process()
        process.executableURL = Binaries.url("esp-prov-device")
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
