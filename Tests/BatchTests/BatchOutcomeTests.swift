import Foundation
@testable import esp_prov
import TestSupport
import XCTest

/// What a batch's report must not hide or lose: signals sent together give one line per device,
/// `--device_timeout` bounds a device whatever its request timeout, and a board that may hold new
/// credentials stays `outcome_unknown` across retries.
final class BatchOutcomeTests: XCTestCase {
    private var directory: URL!
    private var listeners: [Int32] = []

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("batch-outcome-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        for socket in listeners { close(socket) }
        try? FileManager.default.removeItem(at: directory)
    }

    /// A device that accepts the connection (the kernel's backlog does) and never answers.
    private func silentDevice() throws -> String {
        let (socket, port) = try LoopbackSocket.listen()
        listeners.append(socket)
        return "127.0.0.1:\(port)"
    }

    private func write(_ csv: String) throws -> URL {
        let url = directory.appendingPathComponent("rack.csv")
        try Data(csv.utf8).write(to: url)
        return url
    }

    private func records(_ text: String) throws -> [BatchReportLine] {
        try text.split(separator: "\n").map { try JSONDecoder().decode(BatchReportLine.self, from: Data($0.utf8)) }
    }

    /// SIGINT, SIGTERM and SIGHUP at once in the middle of 200 devices: the first wins, so there is
    /// exactly one line per device and one summary (before, each signal wrote every unfinished line).
    func testSignalsTogetherGiveOneLinePerDevice() throws {
        var csv = "name,transport,service_name,sec_ver\n"
        for index in 0..<4 { csv += "busy-\(index),softap,\(try silentDevice()),0\n" }
        for index in 4..<200 { csv += "later-\(index),softap,127.0.0.1:\(index),0\n" }
        let report = directory.appendingPathComponent("report.jsonl")
        let run = try InteractiveProcess(
            "esp-prov", ["batch", try write(csv).path, "--jobs", "4", "--ssid", "HomeNet", "--request_timeout", "60",
                         "--report", report.path],
            environment: ["ESP_PROV_PASSPHRASE": "secret123"])
        defer { run.closeInput() }
        // Each busy device's connection is queued on its listener once esp-prov has started it.
        let started = Date()
        while Date().timeIntervalSince(started) < 20 && !listeners.allSatisfy(Self.hasPendingConnection) { usleep(50_000) }
        XCTAssertTrue(listeners.allSatisfy(Self.hasPendingConnection), "the four devices were never started:\n\(run.transcript)")
        for number in [SIGINT, SIGTERM, SIGHUP] { run.signal(number) }
        XCTAssertEqual(try run.wait(), 130, run.transcript)
        XCTAssertEqual(run.transcript.components(separatedBy: "error: interrupted").count - 1, 1, run.transcript)
        let lines = try records(try String(contentsOf: report, encoding: .utf8))
        XCTAssertEqual(lines.count, 200)
        XCTAssertEqual(Set(lines.map(\.index)), Set(0..<200))
        XCTAssertEqual(lines.filter { $0.error == "interrupted" }.count, 200)
    }

    func testSIGHUPEndsABatchLikeSIGTERM() throws {
        let csv = "name,transport,service_name,sec_ver\nbusy,softap,\(try silentDevice()),0\nnext,softap,127.0.0.1:9,0\n"
        let report = directory.appendingPathComponent("report.jsonl")
        let run = try InteractiveProcess(
            "esp-prov", ["batch", try write(csv).path, "--jobs", "1", "--ssid", "HomeNet", "--report", report.path],
            environment: ["ESP_PROV_PASSPHRASE": "secret123"])
        defer { run.closeInput() }
        let started = Date()
        while Date().timeIntervalSince(started) < 20 && !Self.hasPendingConnection(listeners[0]) { usleep(50_000) }
        run.signal(SIGHUP)
        XCTAssertEqual(try run.wait(), 130, run.transcript)
        let lines = try records(try String(contentsOf: report, encoding: .utf8))
        XCTAssertEqual(lines.map(\.name).sorted(), ["busy", "next"])
        XCTAssertEqual(lines.map(\.exitCode), [130, 130])
    }

    /// A silent device with a long request timeout ends by the device deadline, and the line says so.
    func testDeviceTimeoutBoundsADeviceWhateverItsRequestTimeout() throws {
        let csv = "name,transport,service_name,sec_ver\nquiet,softap,\(try silentDevice()),0\n"
        let result = try Binaries.run(
            "esp-prov", ["batch", try write(csv).path, "--ssid", "HomeNet", "--retries", "0", "--device_timeout", "3",
                         "--request_timeout", "60"],
            environment: ["ESP_PROV_PASSPHRASE": "secret123"], timeout: 30)
        XCTAssertEqual(result.status, 11, result.output)
        let line = try XCTUnwrap(try records(result.stdout).first, result.output)
        XCTAssertEqual(line.error, "timeout", result.output)
        XCTAssertEqual(line.message, "the device did not finish within its deadline of 3 s")
        XCTAssertLessThan(line.seconds, 30, "the request timeout, not the device deadline, ended it")
    }

    /// A board that took the credentials and then stopped answering (it joined the network and left
    /// its SoftAP) makes the retry fail to connect: the record stays `outcome_unknown`, exit_code 10,
    /// and the summary counts it among the boards that may hold new credentials.
    func testARetryDoesNotHideThatTheBoardMayHoldNewCredentials() throws {
        // sec 0: proto-ver, session, set, apply answered; the status request and everything after it dropped.
        let device = try DeviceProcess(["--sec_ver", "0", "--network", "HomeNet:secret123", "--fault_drop_after", "4"])
        defer { _ = device.stop() }
        let csv = "name,transport,service_name,sec_ver\ntaken,softap,\(device.serviceName),0\n"
        let result = try Binaries.run(
            "esp-prov", ["batch", try write(csv).path, "--ssid", "HomeNet", "--retries", "2", "--retry_delay", "0.1"],
            environment: ["ESP_PROV_PASSPHRASE": "secret123"], timeout: 60)
        XCTAssertEqual(result.status, 11, result.output)
        let line = try XCTUnwrap(try records(result.stdout).first, result.output)
        XCTAssertEqual(line.attempts, 3, result.output)
        XCTAssertEqual(line.error, "outcome_unknown", result.output)
        XCTAssertEqual(line.exitCode, 10, result.output)
        XCTAssertTrue(line.message?.contains("a later attempt") ?? false, result.output)
        XCTAssertTrue(result.stderr.contains("sent credentials, outcome unknown: taken"), result.output)
    }

    private static func hasPendingConnection(_ listener: Int32) -> Bool {
        var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) > 0
    }
}
