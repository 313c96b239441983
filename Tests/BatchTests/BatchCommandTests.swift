import Foundation
import ProvClient
import ProvBatch
@testable import esp_prov
import TestSupport
import XCTest

/// `esp-prov batch` run as CI would run it, against a rack of virtual devices over HTTP.
final class BatchCommandTests: XCTestCase {
    static let secrets = ["abcd1234", "secret123", "s3cr3t-PW"]
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("batch-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// What each device of the rack should end with.
    private struct Expectation {
        let outcome: BatchRecord.Outcome
        let error: String?
        let exitCode: Int32
        let attempts: Int
    }

    func testARackOfEighteenWithWrongPasswordsAndAnAbsentDevice() throws {
        let fast = ["--connect_delay", "0.2", "--cleanup_delay", "0.2"]
        var devices: [DeviceProcess] = []
        defer { devices.forEach { _ = $0.stop() } }
        var entries: [[String: Any]] = []
        var expected: [String: Expectation] = [:]
        let ok = Expectation(outcome: .provisioned, error: nil, exitCode: 0, attempts: 1)
        func add(_ name: String, device arguments: [String], entry: [String: Any], expect: Expectation) throws {
            let device = try DeviceProcess(["--network", "HomeNet:secret123"] + fast + arguments)
            devices.append(device)
            entries.append(["name": name, "transport": "softap", "service_name": device.serviceName].merging(entry) { $1 })
            expected[name] = expect
        }
        let sec2: [String: Any] = ["sec_ver": 2, "username": "wifiprov", "password_env": "TEST_SEC2_PWD"]
        for slot in 1...6 { try add("rack1-slot\(slot)", device: [], entry: sec2, expect: ok) }
        for slot in 7...11 {
            try add("rack1-slot\(slot)", device: ["--sec_ver", "1", "--pop", "abcd1234"], entry: ["pop_file": "pop.txt"], expect: ok)
        }
        for slot in 12...14 { try add("rack1-slot\(slot)", device: ["--sec_ver", "0"], entry: ["sec_ver": "0"], expect: ok) }
        let wrongWiFi = Expectation(outcome: .failed, error: "wifi_auth", exitCode: 5, attempts: 1)
        for slot in 15...16 {
            try add("rack1-slot\(slot)", device: [], entry: sec2.merging(["passphrase": "s3cr3t-PW"]) { $1 }, expect: wrongWiFi)
        }
        let qr = #"{"ver":"v1","name":"PROV_1A2B3C","username":"wifiprov","pop":"abcd1234","transport":"softap"}"#
        try add("rack1-slot17", device: [], entry: ["qr": qr, "transport": NSNull()], expect: ok)
        let absent = try DeviceProcess(["--quiet"])
        _ = absent.stop()
        entries.append(["name": "rack1-slot18", "transport": "softap", "service_name": absent.serviceName, "sec_ver": 0])
        expected["rack1-slot18"] = Expectation(outcome: .failed, error: "transport", exitCode: 3, attempts: 2)

        let manifest = directory.appendingPathComponent("rack.json")
        try JSONSerialization.data(withJSONObject: ["wifi": ["ssid": "HomeNet", "passphrase_env": "TEST_WIFI_PASS"], "devices": entries])
            .write(to: manifest)
        try Data("abcd1234\n".utf8).write(to: directory.appendingPathComponent("pop.txt"))
        let report = directory.appendingPathComponent("report.jsonl")

        let result = try Binaries.run(
            "esp-prov",
            ["batch", manifest.path, "--jobs", "3", "--retries", "1", "--retry_delay", "0.1", "--timeout", "20",
             "--request_timeout", "10", "--device_timeout", "60", "--report", report.path],
            environment: ["TEST_WIFI_PASS": "secret123", "TEST_SEC2_PWD": "abcd1234"], timeout: 240)
        let reportText = try String(contentsOf: report, encoding: .utf8)
        let context = "\(result.output)\n--- report ---\n\(reportText)"
        XCTAssertEqual(result.status, 11, context)
        XCTAssertTrue(result.stderr.contains("15 of 18 provisioned, 3 failed"), context)
        XCTAssertTrue(result.stderr.contains("error: 3 of 18 devices failed"), context)
        XCTAssertEqual(result.stdout, "", "the report went to the file")
        for secret in Self.secrets where (result.output + reportText).contains(secret) {
            XCTFail("secret '\(secret)' leaked:\n\(context)")
        }

        let lines = reportText.split(separator: "\n")
        XCTAssertEqual(lines.count, 18, context)
        let records = try lines.map { try JSONDecoder().decode(BatchReportLine.self, from: Data($0.utf8)) }
        XCTAssertEqual(Set(records.map(\.name)), Set(expected.keys))
        for record in records {
            guard let expect = expected[record.name] else { continue }
            XCTAssertEqual(record.outcome, expect.outcome, "\(record.name)\n\(context)")
            XCTAssertEqual(record.error, expect.error, record.name)
            XCTAssertEqual(record.exitCode, expect.exitCode, record.name)
            XCTAssertEqual(record.attempts, expect.attempts, record.name)
            XCTAssertEqual(record.ipAddress, expect.outcome == .provisioned ? "192.168.1.42" : nil, record.name)
            XCTAssertEqual(record.transport, "softap")
            XCTAssertTrue(record.service.hasPrefix("127.0.0.1:"), record.service)
            XCTAssertGreaterThan(record.seconds, 0)
        }
        let peak = try peakOverlap(records)
        XCTAssertLessThanOrEqual(peak, 3, "--jobs 3 was exceeded\n\(reportText)")
        XCTAssertGreaterThanOrEqual(peak, 2, "devices ran one at a time\n\(reportText)")
    }

    /// Issue 22 item 1 in a batch: each device's own credentials imply its minimum scheme, so an
    /// impostor announcing less fails with `auth` (exit 4) while the genuine board is provisioned.
    func testADeviceWeakerThanItsEntrysCredentialsIsRefused() throws {
        let genuine = try DeviceProcess(["--network", "HomeNet:secret123", "--connect_delay", "0.1"])
        let open = try DeviceProcess(["--sec_ver", "0", "--network", "HomeNet:secret123", "-v"])
        let noPop = try DeviceProcess(["--sec_ver", "1", "--network", "HomeNet:secret123", "-v"])
        defer { _ = genuine.stop(); _ = open.stop(); _ = noPop.stop() }
        let sec2Label = #"{"ver":"v1","name":"PROV_1A2B3C","username":"wifiprov","pop":"abcd1234","transport":"softap"}"#
        let entries: [[String: Any]] = [
            ["name": "genuine", "transport": "softap", "service_name": genuine.serviceName, "username": "wifiprov", "password": "abcd1234"],
            ["name": "impostor-sec0", "transport": "softap", "service_name": open.serviceName, "qr": sec2Label],
            ["name": "impostor-nopop", "transport": "softap", "service_name": noPop.serviceName, "pop": "abcd1234"],
        ]
        let manifest = directory.appendingPathComponent("impostors.json")
        try JSONSerialization.data(withJSONObject: ["wifi": ["ssid": "HomeNet", "passphrase": "secret123"], "devices": entries])
            .write(to: manifest)
        let result = try Binaries.run("esp-prov", ["batch", manifest.path, "--retries", "0"], timeout: 120)
        XCTAssertEqual(result.status, 11, result.output)
        let records = try result.stdout.split(separator: "\n").map { try JSONDecoder().decode(BatchReportLine.self, from: Data($0.utf8)) }
        let byName = Dictionary(uniqueKeysWithValues: records.map { ($0.name, $0) })
        XCTAssertEqual(byName["genuine"]?.outcome, .provisioned, result.output)
        for name in ["impostor-sec0", "impostor-nopop"] {
            XCTAssertEqual(byName[name]?.error, "auth", "\(name): \(result.output)")
            XCTAssertEqual(byName[name]?.exitCode, 4, name)
        }
        XCTAssertTrue(result.output.contains("a weaker scheme than the"), result.output)
        for (name, device) in [("sec0", open), ("no_pop", noPop)] {
            let log = device.stop()
            XCTAssertFalse(log.contains("established") || log.contains("credentials received"),
                           "the \(name) impostor got a session or credentials:\n\(log)")
        }
        for secret in Self.secrets { XCTAssertFalse(result.output.contains(secret), secret) }
    }

    func testAllProvisionedFromCSVOnStandardInputReportsToStandardOutput() throws {
        let sec0 = try DeviceProcess(["--sec_ver", "0", "--network", "HomeNet:secret123", "--connect_delay", "0.1"])
        let sec1 = try DeviceProcess(["--sec_ver", "1", "--pop", "abcd1234", "--network", "HomeNet:secret123", "--connect_delay", "0.1"])
        defer { _ = sec0.stop(); _ = sec1.stop() }
        let wifi = directory.appendingPathComponent("wifi.txt")
        try Data("secret123\n".utf8).write(to: wifi)
        let csv = """
            name,transport,service_name,sec_ver,pop
            bench-a,softap,\(sec0.serviceName),0,
            bench-b,httpd,\(sec1.serviceName),1,abcd1234

            """
        let result = try Binaries.run(
            "esp-prov", ["batch", "-", "--format", "csv", "--ssid", "HomeNet", "--passphrase_file", wifi.path, "-j", "2"],
            stdin: csv, timeout: 120)
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.stderr.contains("2 of 2 provisioned, 0 failed"), result.output)
        let records = try result.stdout.split(separator: "\n").map { try JSONDecoder().decode(BatchReportLine.self, from: Data($0.utf8)) }
        XCTAssertEqual(records.map(\.name).sorted(), ["bench-a", "bench-b"])
        XCTAssertTrue(records.allSatisfy { $0.outcome == .provisioned && $0.exitCode == 0 && $0.attempts == 1 }, result.stdout)
        for secret in Self.secrets { XCTAssertFalse(result.output.contains(secret), secret) }
    }

    func testManifestProblemsAreUsageErrorsBeforeAnyDeviceIsContacted() throws {
        let device = try DeviceProcess(["--network", "HomeNet:secret123", "-v"])
        defer { _ = device.stop() }
        let manifest = directory.appendingPathComponent("bad.json")
        try Data("""
            {"wifi": {"ssid": "HomeNet", "passphrase": "secret123"},
             "devices": [{"transport": "softap", "service_name": "\(device.serviceName)", "sec_ver": 2, "username": "wifiprov",
                          "password": "abcd1234"},
                         {"transport": "softap", "service_name": "127.0.0.1:1", "sec_ver": 7}]}
            """.utf8).write(to: manifest)
        let result = try Binaries.run("esp-prov", ["batch", manifest.path], timeout: 30)
        XCTAssertEqual(result.status, 2, result.output)
        XCTAssertTrue(result.stderr.contains("devices[1]: sec_ver '7' must be 0, 1 or 2"), result.output)
        let log = device.stop()
        XCTAssertFalse(log.contains("opened"), "no device may be contacted:\n\(log)")
        for secret in Self.secrets { XCTAssertFalse(result.output.contains(secret), secret) }

        let missing = try Binaries.run("esp-prov", ["batch", directory.appendingPathComponent("none.json").path], timeout: 30)
        XCTAssertEqual(missing.status, 2, missing.output)
        XCTAssertTrue(missing.stderr.contains("cannot read the manifest"), missing.output)
        let jobs = try Binaries.run("esp-prov", ["batch", manifest.path, "--jobs", "0"], timeout: 30)
        XCTAssertEqual(jobs.status, 2, jobs.output)
    }

    /// The most devices whose [started_at, finished_at) intervals overlap: the runner stamps them
    /// inside the slot, so this is an exact bound, whatever the machine's speed.
    private func peakOverlap(_ records: [BatchReportLine]) throws -> Int {
        var events: [(Date, Int)] = []
        for record in records {
            let start = try XCTUnwrap(BatchRecord.date(record.startedAt)), end = try XCTUnwrap(BatchRecord.date(record.finishedAt))
            events += [(start, 1), (end, -1)]
        }
        // At equal times a finish frees its slot before the next start takes it.
        events.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var current = 0, peak = 0
        for (_, delta) in events {
            current += delta
            peak = max(peak, current)
        }
        return peak
    }

    /// Ctrl-C mid-rack (a cancelled CI job): the finished device keeps its line, the device that was
    /// sent credentials and the one never started each get an `interrupted` line, and the summary
    /// names the board that may hold new credentials.
    func testInterruptNamesTheBoardsThatMayHoldNewCredentials() throws {
        let done = try DeviceProcess(["--sec_ver", "0", "--network", "HomeNet:secret123", "--connect_delay", "0.1"])
        let waiting = try DeviceProcess(["--sec_ver", "0", "--network", "HomeNet:secret123"])
        defer { [done, waiting].forEach { _ = $0.stop() } }
        // Watched live, to interrupt right after it applied the credentials (it then "connects" for 60 s).
        let connecting = try InteractiveProcess(
            "esp-prov-device", ["--listen", "127.0.0.1:0", "--sec_ver", "0", "--network", "HomeNet:secret123", "--connect_delay", "60"])
        defer {
            connecting.signal(SIGTERM)
            _ = try? connecting.wait(timeout: 10)
            connecting.closeInput()
        }
        try connecting.expect("listening on 127.0.0.1:")
        let port = try XCTUnwrap(Int(try connecting.expect("\n")), connecting.transcript)
        let manifest = directory.appendingPathComponent("rack.csv")
        try Data("""
            name,transport,service_name,sec_ver
            slot-1,softap,\(done.serviceName),0
            slot-2,softap,127.0.0.1:\(port),0
            slot-3,softap,\(waiting.serviceName),0

            """.utf8).write(to: manifest)
        let report = directory.appendingPathComponent("report.jsonl")
        let run = try InteractiveProcess(
            "esp-prov",
            ["batch", manifest.path, "--jobs", "1", "--ssid", "HomeNet", "--timeout", "120", "--device_timeout", "120",
             "--report", report.path],
            environment: ["ESP_PROV_PASSPHRASE": "secret123"])
        defer { run.closeInput() }
        try run.expect("ok    slot-1")
        try connecting.expect("Wi-Fi credentials applied")
        run.signal(SIGINT)
        XCTAssertEqual(try run.wait(), 130, run.transcript)
        XCTAssertTrue(run.transcript.contains(
            "error: interrupted: 1 of 3 provisioned, 0 failed; sent credentials, outcome unknown: slot-2 (run esp-prov again "
                + "on them: a provisioned device stops answering; or undo with --reset); nothing changed on: slot-3"),
                      run.transcript)

        let reportText = try String(contentsOf: report, encoding: .utf8)
        XCTAssertFalse((run.transcript + reportText).contains("secret123"), "the passphrase leaked")
        let lines = try reportText.split(separator: "\n").map { try JSONDecoder().decode(BatchReportLine.self, from: Data($0.utf8)) }
        XCTAssertEqual(lines.map(\.name), ["slot-1", "slot-2", "slot-3"], reportText)
        guard lines.count == 3 else { return }
        XCTAssertEqual([lines[0].outcome, lines[1].outcome, lines[2].outcome], [.provisioned, .failed, .failed])
        XCTAssertEqual(lines.map(\.error), [nil, "interrupted", "interrupted"])
        XCTAssertEqual(lines.map(\.exitCode), [0, 130, 130])
        XCTAssertEqual(lines.map(\.attempts), [1, 1, 0], "slot-3 was never started")
        XCTAssertEqual(lines[1].message, "interrupted after the device was sent credentials: the outcome is unknown")
        XCTAssertEqual(lines[2].message, "interrupted before this device was started: nothing was changed on it")
    }
}
