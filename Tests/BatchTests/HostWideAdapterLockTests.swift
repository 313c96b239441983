#if canImport(Glibc)
import Glibc
#endif
import Foundation
import ProvBatch
import ProvClient
import XCTest

/// The adapter lock is host-wide (issue 23): while another process holds the adapter's lock file
/// (here a child process locking it with util-linux's `flock`), a batch's BLE opens wait, the waiter is told
/// the holder's line from the file, and they go ahead once the holder exits.
final class HostWideAdapterLockTests: XCTestCase {
    func testBatchBLEOpensWaitForAnotherProcessHoldingTheAdapter() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("adapter-lock-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/esp-prov-ble-hci9.lock"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        let holder = Process()
        // One process holds the lock (no child left holding it when it is killed): the shell opens the
        // file, util-linux's flock locks that descriptor, and the shell becomes `sleep` keeping it.
        holder.executableURL = URL(fileURLWithPath: "/bin/sh")
        holder.arguments = ["-c", #"exec 9>>"$0" && flock 9 && exec sleep 120"#, path]
        try holder.run()
        defer {
            if holder.isRunning {
                kill(holder.processIdentifier, SIGKILL)
                holder.waitUntilExit()
            }
        }
        try waitUntilHeld(path)
        try "\(holder.processIdentifier) (sleep)\n".write(toFile: path, atomically: false, encoding: .utf8)

        let told = Counter(), opened = Counter()
        let lock = try AdapterLock.HostWide(adapter: "ble-hci9", command: "esp-prov batch", directory: directory) { line in
            Task { await told.add(line) }
        }
        let devices = (0..<2).map {
            BatchDevice(index: $0, location: "devices[\($0)]", name: "dev\($0)", transport: .ble, service: "PROV_\($0)",
                        security: .sec0, ssid: "HomeNet", passphrase: "secret123")
        }
        let runner = BatchRunner(
            options: BatchOptions(jobs: 2, retries: 0),
            transports: BatchTransportFactory(ble: { _ in
                await opened.add("open")
                throw ProvError.transport("no radio in this test")
            }),
            hostWideLock: lock)
        let batch = Task { await runner.run(devices) }

        let deadline = Date().addingTimeInterval(20)
        while await told.names.isEmpty, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let toldNames = await told.names
        XCTAssertEqual(toldNames, ["\(holder.processIdentifier) (sleep)"], "the waiter names the holder from the lock file")
        let openedWhileHeld = await opened.names
        XCTAssertEqual(openedWhileHeld, [], "no device was opened while another process held the adapter")

        kill(holder.processIdentifier, SIGTERM)
        holder.waitUntilExit()
        let records = await batch.value
        let openedAfter = await opened.names
        XCTAssertEqual(openedAfter.count, 2, "both devices were opened once the holder was gone")
        XCTAssertEqual(records.map(\.attempts), [1, 1])
        let leftOver = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertEqual(leftOver, "", "the batch wrote its holder line and cleared it on release")
    }

    /// Bounded wait until some other process holds `path`'s flock (the child started and locked it).
    private func waitUntilHeld(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ProvError.transport("cannot open \(path)") }
        defer { close(descriptor) }
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if flock(descriptor, LOCK_EX | LOCK_NB) != 0 { return }
            flock(descriptor, LOCK_UN)
            usleep(10_000)
        }
        XCTFail("flock did not take \(path) within 20 s")
    }

    func testAnAdapterNameCannotLeaveTheLockDirectory() {
        for name in ["../etc/passwd", "a/b", "", ".hidden", String(repeating: "x", count: 65)] {
            XCTAssertThrowsError(try AdapterLock.HostWide(adapter: name, command: "esp-prov") { _ in }, name) {
                guard case ProvError.usage = $0 else { return XCTFail("\($0)") }
            }
        }
    }
}
