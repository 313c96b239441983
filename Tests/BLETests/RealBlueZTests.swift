import Foundation
import Synchronization
import TestSupport
import XCTest

/// esp-prov against the real Linux Bluetooth stack: ONE VM (qemu, Debian's kernel, btvirt's two
/// linked virtual controllers, BlueZ's own bluetoothd; scripts/realbluez/) runs every scenario in one
/// boot: `esp-prov` as central on hci0, `esp-prov-device --ble_adapter hci1` as the peripheral. The
/// guest writes one result line per scenario; each test here asserts one scenario. When the VM
/// cannot start the tests fail, saying why: they never skip.
final class RealBlueZTests: XCTestCase {
    /// One scenario's exit status, wall time and output.
    struct Scenario {
        var status: Int32
        var seconds: Double
        var output: String
    }

    /// Why a scenario has no result: the test fails with it (thrown errors fail an XCTest).
    struct SuiteFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// What the suite's one boot produced, or why there was none.
    struct SuiteRun {
        var stack: String?
        var scenarios: [String: Scenario] = [:]
        var failure: String?
        var directory: URL
        var wallSeconds: Double

        func log(_ name: String) -> String {
            (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? "(no \(name))"
        }
    }

    /// The one boot's result once the first test has it; the lock is held while the VM boots.
    private static let cached = Mutex<SuiteRun?>(nil)

    /// Boots the VM once for the whole class (the first test to ask waits for it).
    static func suite() -> SuiteRun {
        cached.withLock { cached in
            if let cached { return cached }
            let run = boot()
            cached = run
            return run
        }
    }

    private static func boot() -> SuiteRun {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let results = root.appendingPathComponent(".build-realbluez/results")
        let started = Date()
        var run = SuiteRun(directory: results, wallSeconds: 0)
        do {
            let result = try Binaries.run(
                executable: URL(fileURLWithPath: "/bin/bash"),
                [root.appendingPathComponent("scripts/realbluez/run.sh").path, Binaries.directory.path, results.path],
                timeout: 540)
            guard result.status == 0 else {
                run.failure = "the real-BlueZ VM could not run (run.sh exit \(result.status)): \(result.output)"
                return run
            }
        } catch {
            run.failure = "the real-BlueZ VM did not finish: \(error)"
            return run
        }
        run.wallSeconds = Date().timeIntervalSince(started)
        for line in run.log("results.txt").split(separator: "\n") {
            let words = line.split(separator: " ")
            if line.hasPrefix("stack ready") { run.stack = String(line) }
            if line.hasPrefix("stack failed") { run.failure = "the Bluetooth stack in the VM did not come up: \(line)" }
            guard words.count == 4, words[0] == "scenario", let status = Int32(words[2].dropFirst(3)),
                  let seconds = Double(words[3].dropFirst(8)) else { continue }
            let name = String(words[1])
            run.scenarios[name] = Scenario(status: status, seconds: seconds, output: run.log("\(name).log"))
        }
        print("real BlueZ suite: \(run.stack ?? "no stack"); VM wall time \(String(format: "%.0f", run.wallSeconds)) s")
        return run
    }

    /// The scenario's result; fails the test (with the VM's own words) when there is none.
    private func scenario(_ name: String) throws -> Scenario {
        let run = Self.suite()
        if let failure = run.failure {
            throw SuiteFailure(description: failure + "\n" + run.log("console.log").suffix(3000))
        }
        guard let scenario = run.scenarios[name] else {
            throw SuiteFailure(description: "the VM recorded no result for \(name): \(run.log("results.txt"))\n"
                               + run.log("console.log").suffix(2000))
        }
        return scenario
    }

    /// The scenario's record, asserting first that it ended with `status` and that its output has
    /// each of `lines` (what the user sees on success or failure).
    @discardableResult
    private func scenario(
        _ name: String, exits status: Int32, printing lines: [String] = [], file: StaticString = #filePath, line: UInt = #line
    ) throws -> Scenario {
        let run = try scenario(name)
        XCTAssertEqual(run.status, status, "\(name):\n\(run.output)", file: file, line: line)
        for text in lines {
            XCTAssertTrue(run.output.contains(text), "\(name) did not print \(text):\n\(run.output)", file: file, line: line)
        }
        return run
    }

    func testStackComesUpWithTwoControllersAndBluetoothd() throws {
        let run = Self.suite()
        XCTAssertNil(run.failure, run.failure ?? "")
        XCTAssertTrue(run.stack?.contains("bluez=5.") ?? false, run.log("results.txt"))
    }

    func testSecurity2WithScanAndPipedAnswers() throws {
        let run = try scenario("sec2_scan", exits: 0, printing: ["==== Provisioning was successful ===="])
        XCTAssertTrue(run.output.contains("HomeNet"), "the AP list came from the device's scan over BLE:\n\(run.output)")
    }

    func testDeviceStopsAdvertisingWhenProvisioningEnds() throws {
        let stop = try scenario("device_stops")
        XCTAssertEqual(stop.status, 0, "esp-prov-device --exit_after_stop kept running after provisioning ended")
        let log = Self.suite().log("sec2_scan.device.log")
        XCTAssertTrue(log.contains("stopped advertising PROV_REAL01"), log)
    }

    /// After the failed join and the reset, the central's bluetoothd holds the device's GATT objects
    /// and UUIDs from those connections (REALBLUEZ.md §3.6-7); a custom endpoint has its own
    /// characteristic, found by its 0x2901 name.
    func testRunOverBlueZsCachedGATTObjectsWithACustomEndpoint() throws {
        try scenario("sec2_cached", exits: 0,
                     printing: ["CustomData response: b'SUCCESS\\x00'", "==== Provisioning was successful ===="])
    }

    func testSecurity1WithScanAndPipedAnswers() throws {
        try scenario("sec1_scan", exits: 0, printing: ["==== Provisioning was successful ===="])
    }

    func testWrongPoPIsAnAuthFailure() throws {
        let run = try scenario("wrong_pop", exits: 4)
        XCTAssertFalse(run.output.contains("wrong-pop"), "the PoP must never be printed:\n\(run.output)")
    }

    func testResetAfterAFailedJoin() throws {
        try scenario("join_failure", exits: 5)
        try scenario("reset", exits: 0, printing: ["==== Reset command accepted ===="])
    }

    func testDeviceVanishingMidSessionIsABoundedTransportError() throws {
        let run = try scenario("vanish")
        // Credentials were applied before the link went: the outcome is unknown (10); a transport
        // error (3) is as honest when the drop is noticed on a request.
        XCTAssertTrue([3, 10].contains(run.status), "vanish: exit \(run.status)\n\(run.output)")
        XCTAssertFalse(run.output.contains("Provisioning was successful"), run.output)
    }

    func testDeviceNotAdvertisingFailsWithinItsDeadlineNotBlueZs41Seconds() throws {
        let run = try scenario("not_advertising")
        XCTAssertTrue([3, 7].contains(run.status), "not_advertising: exit \(run.status)\n\(run.output)")
        XCTAssertTrue(run.output.contains("PROV_REAL01"), run.output)
    }

    func testUnknownAdapterIsNamedWithTheOnesThatExist() throws {
        try scenario("no_such_adapter", exits: 3, printing: ["Bluetooth adapter hci7 not found; available: hci0, hci1"])
    }

    func testDoctorPassesOnAMachineWithBluetooth() throws {
        let run = try scenario("doctor", exits: 0, printing: ["\"check\":\"kernel\""])
        XCTAssertFalse(run.output.contains("\"outcome\":\"fail\""), run.output)
        // The default is the adapter a run without --ble_adapter uses (hci0), not hci_get_route's newest one.
        XCTAssertTrue(run.output.split(separator: "\n").contains { $0.contains("\"summary\":\"hci0 (") && $0.contains("the default") },
                      run.output)
    }
}
