import Foundation
@testable import esp_prov
import TestSupport
import XCTest

/// `--report PATH` writes into the path it is given (create or truncate), never a new file renamed
/// over it, and every write is checked: a full disk ends the batch non-zero, naming the report, and
/// leaves only whole lines. The devices here fail fast (closed loopback ports), so each run is quick.
final class BatchReportFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("batch-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A CSV manifest of `count` devices at closed loopback ports: each fails at once with `transport`.
    private func manifest(devices count: Int, name: String = "rack.csv") throws -> URL {
        var text = "name,transport,service_name,sec_ver\n"
        for index in 0..<count { text += "board-\(index)-with-a-longer-name-for-longer-lines,softap,127.0.0.1:\(index + 1),0\n" }
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    private func batch(_ manifest: URL, report: String, timeout: TimeInterval = 60) throws -> ProcessResult {
        try Binaries.run(
            "esp-prov", ["batch", manifest.path, "--retries", "0", "--ssid", "HomeNet", "--jobs", "4", "--report", report],
            environment: ["ESP_PROV_PASSPHRASE": "secret123"], timeout: timeout)
    }

    /// Every line must be a whole report record.
    private func records(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [BatchReportLine] {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().compactMap { row in
            do {
                return try JSONDecoder().decode(BatchReportLine.self, from: Data(row.utf8))
            } catch {
                XCTFail("not a whole report line: \(row.debugDescription)", file: file, line: line)
                return nil
            }
        }
    }

    /// `path` in the test's directory, a symlink to the device node `target`: esp-prov writes through it
    /// to the device. Never the node's own path: a build with the old rename-over-the-path defect, run
    /// as root, would replace the machine's /dev/full or /dev/stdout with a regular file (it did once).
    private func linkToDevice(_ target: String, name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        return path
    }

    func testDevFullEndsTheBatchNamingTheReport() throws {
        let full = try linkToDevice("/dev/full", name: "full")
        let result = try batch(try manifest(devices: 3), report: full)
        XCTAssertNotEqual(result.status, 0, result.output)
        XCTAssertEqual(result.status, 11, result.output)
        XCTAssertTrue(result.stderr.contains("cannot write the report \(full): No space left on device"), result.output)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: full), "/dev/full", "the link was replaced")
    }

    /// A disk that fills in the middle of the report: a 8 KiB tmpfs in a private mount namespace, half
    /// taken by another file, gets about a dozen of forty lines.
    func testFullDiskEndsTheBatchWithOnlyWholeLines() throws {
        let rack = try manifest(devices: 40)
        let mountPoint = directory.appendingPathComponent("small").path
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let script = """
            set -e
            mount -t tmpfs -o size=8k tmpfs "$1"
            head -c 4096 /dev/zero > "$1/filler"
            set +e
            "$2" batch "$3" --retries 0 --ssid HomeNet --jobs 4 --report "$1/report.jsonl"
            echo "exit=$?" >&2
            cat "$1/report.jsonl"
            """
        let result = try Binaries.run(
            executable: URL(fileURLWithPath: "/usr/bin/unshare"),
            ["-m", "--propagation", "private", "/bin/sh", "-c", script, "sh", mountPoint, Binaries.url("esp-prov").path, rack.path],
            environment: ["ESP_PROV_PASSPHRASE": "secret123"], timeout: 120)
        XCTAssertTrue(result.stderr.contains("exit="), "the private tmpfs could not be set up (needs root and unshare):\n\(result.output)")
        XCTAssertTrue(result.stderr.contains("exit=11"), result.output)
        XCTAssertTrue(result.stderr.contains("cannot write the report \(mountPoint)/report.jsonl: No space left on device"), result.output)
        let lines = records(result.stdout)
        XCTAssertGreaterThan(lines.count, 0, result.output)
        XCTAssertLessThan(lines.count, 40, "the disk was meant to fill: \(result.output)")
        XCTAssertTrue(result.stdout.isEmpty || result.stdout.hasSuffix("\n"), "a line was cut: \(result.stdout.suffix(200))")
        XCTAssertTrue(result.stderr.contains("\(lines.count) lines written before it"), result.output)
    }

    func testAFIFOWithAReaderGetsTheLinesAndStaysAFIFO() throws {
        let fifo = directory.appendingPathComponent("report.fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let received = LockedText()
        let reader = Thread {
            guard let handle = FileHandle(forReadingAtPath: fifo) else { return }
            received.set(String(decoding: handle.readDataToEndOfFile(), as: UTF8.self))
        }
        reader.start()
        let result = try batch(try manifest(devices: 3), report: fifo)
        XCTAssertEqual(result.status, 11, result.output)
        let deadline = Date().addingTimeInterval(10)
        while received.text == nil && Date() < deadline { usleep(20_000) }
        XCTAssertEqual(records(received.text ?? "").count, 3, received.text ?? "the reader got nothing")
        var status = stat()
        XCTAssertEqual(lstat(fifo, &status), 0)
        XCTAssertEqual(status.st_mode & S_IFMT, S_IFIFO, "the FIFO was replaced")
    }

    func testAFIFOWithoutAReaderIsRefusedAtOnce() throws {
        let fifo = directory.appendingPathComponent("nobody.fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let result = try batch(try manifest(devices: 1), report: fifo, timeout: 20)
        XCTAssertEqual(result.status, 2, result.output)
        XCTAssertTrue(result.stderr.contains("it is a FIFO nobody reads"), result.output)
    }

    func testDevStdoutSendsTheLinesToStandardOutput() throws {
        let result = try batch(try manifest(devices: 3), report: try linkToDevice("/dev/stdout", name: "stdout"))
        XCTAssertEqual(result.status, 11, result.output)
        XCTAssertEqual(records(result.stdout).count, 3, result.output)
    }

    func testASymlinkIsWrittenThroughAndStaysALink() throws {
        let target = directory.appendingPathComponent("target.jsonl").path
        try Data("old contents that are longer than nothing\n".utf8).write(to: URL(fileURLWithPath: target))
        let link = directory.appendingPathComponent("latest.jsonl").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let result = try batch(try manifest(devices: 2), report: link)
        XCTAssertEqual(result.status, 11, result.output)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), target, "the link was replaced")
        XCTAssertEqual(records(try String(contentsOfFile: target, encoding: .utf8)).count, 2)
    }

    func testTheManifestIsRefusedAsTheReportHoweverItIsSpelled() throws {
        let rack = try manifest(devices: 2)
        let before = try Data(contentsOf: rack)
        let hardLink = directory.appendingPathComponent("same-inode.csv").path
        XCTAssertEqual(link(rack.path, hardLink), 0)
        for spelling in [directory.appendingPathComponent("./sub/../rack.csv").path, hardLink] {
            try? FileManager.default.createDirectory(at: directory.appendingPathComponent("sub"), withIntermediateDirectories: true)
            let result = try batch(rack, report: spelling)
            XCTAssertEqual(result.status, 2, result.output)
            XCTAssertTrue(result.stderr.contains("is the manifest itself"), result.output)
            XCTAssertEqual(try Data(contentsOf: rack), before, "the manifest was overwritten through \(spelling)")
        }
    }
}

/// Text handed over from a reader thread.
private final class LockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var value: String?

    var text: String? { lock.withLock { value } }

    func set(_ text: String) { lock.withLock { value = text } }
}
