import FakeBlueZ
import Foundation
import TestSupport
import XCTest

/// `esp-prov doctor --transport ble` against the bus situations a user meets: the fake bluetoothd
/// on a private bus (powered, powered off, no adapter, a policy that denies Device1), no
/// bluetoothd, no bus at all. The kernel check runs against this machine's real kernel.
final class DoctorBLETests: BLETestCase {
    /// One `doctor --json` run: its exit status, its checks by name, its closing result line and all it printed.
    private typealias Report = (status: Int32, checks: [String: [String: Any]], result: [String: Any], output: String)

    /// The checks `doctor --json` reported, by name (adapter lines repeat; the last one wins).
    private func doctor(environment: [String: String]? = nil, file: StaticString = #filePath, line: UInt = #line)
        async throws -> Report
    {
        let result = try await Binaries.run(
            "esp-prov", ["doctor", "--transport", "ble", "--json"],
            environment: environment ?? ["DBUS_SYSTEM_BUS_ADDRESS": bus.address], timeout: 30)
        let objects = result.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        XCTAssertEqual(objects.count, result.stdout.split(separator: "\n").count, "every line is JSON:\n\(result.output)", file: file, line: line)
        var checks: [String: [String: Any]] = [:]
        for object in objects where object["event"] as? String == "check" {
            XCTAssertEqual(object["area"] as? String, "ble", file: file, line: line)
            checks[object["check"] as? String ?? "?"] = object
        }
        let last = objects.last ?? [:]
        XCTAssertEqual(last["event"] as? String, "result", result.output, file: file, line: line)
        return (result.status, checks, last, result.output)
    }

    private func outcome(_ check: [String: Any]?) -> String? { check?["outcome"] as? String }
    private func summary(_ check: [String: Any]?) -> String { check?["summary"] as? String ?? "" }
    private func fix(_ check: [String: Any]?) -> String { check?["fix"] as? String ?? "" }

    /// Asserts that doctor failed (exit 27) and that check `name` is one reason; returns that check.
    private func failed(_ name: String, in report: Report, file: StaticString = #filePath, line: UInt = #line) -> [String: Any]? {
        XCTAssertEqual(report.status, 27, report.output, file: file, line: line)
        XCTAssertEqual(outcome(report.checks[name]), "fail", report.output, file: file, line: line)
        return report.checks[name]
    }

    func testKernelCheckTellsTheTruthAboutThisMachine() async throws {
        let report = try await doctor()
        let descriptor = socket(AF_BLUETOOTH, Int32(SOCK_RAW.rawValue), 1)
        let code = errno
        if descriptor >= 0 {
            close(descriptor)
            XCTAssertEqual(outcome(report.checks["kernel"]), "pass", report.output)
        } else {
            XCTAssertEqual(outcome(report.checks["kernel"]), "fail", report.output)
            XCTAssertEqual(report.status, 27, report.output)
            XCTAssertEqual(report.result["error"] as? String, "doctor_bluetooth")
            XCTAssertEqual(report.result["failed_areas"] as? [String], ["ble"])
            if code == EAFNOSUPPORT {
                XCTAssertTrue(summary(report.checks["kernel"]).contains("the kernel has no Bluetooth support"), report.output)
                XCTAssertTrue(summary(report.checks["kernel"]).contains("EAFNOSUPPORT"), report.output)
                XCTAssertEqual(outcome(report.checks["adapter"]), "skipped", report.output)
            }
        }
    }

    func testPoweredAdapterAndPermittedUserPass() async throws {
        try await startFake()
        let report = try await doctor()
        XCTAssertEqual(outcome(report.checks["bluetoothd"]), "pass", report.output)
        // The fake is this test process, not bluetoothd: doctor must not invent a version.
        XCTAssertTrue(summary(report.checks["bluetoothd"]).contains("pid \(getpid())"), report.output)
        XCTAssertTrue(summary(report.checks["bluetoothd"]).contains("version is unknown"), report.output)
        XCTAssertEqual(outcome(report.checks["powered"]), "pass", report.output)
        XCTAssertTrue(summary(report.checks["powered"]).contains("hci0"), report.output)
        XCTAssertEqual(outcome(report.checks["permission"]), "pass", report.output)
        // The permission probe names a device that cannot exist; nothing was connected.
        let calls = await fake?.calls ?? []
        XCTAssertFalse(calls.contains { $0.hasPrefix("Device1.Connect") && !$0.contains("dev_00_00_00_00_00_00") }, "\(calls)")
    }

    func testPoweredOffAdapterIsNamedWithTheFix() async throws {
        try await startFake(FakeBlueZOptions(adapterPowered: false))
        let report = try await doctor()
        let powered = failed("powered", in: report)
        XCTAssertEqual(summary(powered), "hci0 is powered off")
        XCTAssertTrue(fix(powered).contains("bluetoothctl power on"), report.output)
    }

    func testNoAdapterAtAll() async throws {
        try await startFake(FakeBlueZOptions(adapterPresent: false))
        let report = try await doctor()
        XCTAssertEqual(summary(failed("powered", in: report)), "bluetoothd has no adapter")
    }

    func testMissingBluetoothdSaysHowToStartIt() async throws {
        let report = try await doctor()
        let bluetoothd = failed("bluetoothd", in: report)
        XCTAssertTrue(summary(bluetoothd).contains("nobody owns org.bluez"), report.output)
        XCTAssertTrue(fix(bluetoothd).contains("systemctl start bluetooth"), report.output)
    }

    func testUnreachableSystemBus() async throws {
        let report = try await doctor(environment: ["DBUS_SYSTEM_BUS_ADDRESS": "unix:path=/nonexistent/esp-prov-test-bus"])
        XCTAssertTrue(summary(failed("system_bus", in: report)).contains("/nonexistent/esp-prov-test-bus"), report.output)
        XCTAssertEqual(outcome(report.checks["bluetoothd"]), "skipped", report.output)
    }

    /// A real dbus-daemon policy (not the fake) refuses Device1 calls, as a system bus does for a
    /// user outside the bluetooth group.
    func testPolicyThatDeniesDevice1NamesTheGroupToJoin() async throws {
        bus.stop()
        bus = try PrivateBus(policy: #"<deny send_destination="org.bluez" send_interface="org.bluez.Device1"/>"#)
        try await startFake()
        let report = try await doctor()
        XCTAssertEqual(outcome(report.checks["powered"]), "pass", report.output)
        let permission = failed("permission", in: report)
        XCTAssertTrue(summary(permission).contains("may not call BlueZ"), report.output)
        XCTAssertTrue(fix(permission).contains("'bluetooth' group"), report.output)
    }

    func testTextReportHasOneMarkedLinePerCheck() async throws {
        try await startFake(FakeBlueZOptions(adapterPowered: false))
        let result = try await Binaries.run(
            "esp-prov", ["doctor", "--transport", "ble"], environment: ["DBUS_SYSTEM_BUS_ADDRESS": bus.address], timeout: 30)
        XCTAssertEqual(result.status, 27, result.output)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "Bluetooth LE:", result.output)
        XCTAssertTrue(lines.contains("  ✗ hci0 is powered off → `bluetoothctl power on` (add `select hci0` first when there are several)"), result.output)
        XCTAssertTrue(lines.dropFirst().allSatisfy { $0.hasPrefix("  ✓ ") || $0.hasPrefix("  ✗ ") || $0.hasPrefix("  - ") }, result.output)
        XCTAssertTrue(result.stderr.contains("error: doctor: Bluetooth LE cannot work"), result.output)
    }
}
