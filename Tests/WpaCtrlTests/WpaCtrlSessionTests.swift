import Foundation
import TestSupport
import WpaCtrl
import XCTest

/// `WpaCtrlSession`, the one session of a dpp/wps run: what the run asked the daemon to start is
/// taken back when it ends, on the normal path and on the interrupt path (the registry
/// `SignalCleanup` runs), and no client socket file outlives it. Against a fake socket (to see the
/// order of the undo commands) and real wpa_supplicant (to see the daemon's state go back).
final class WpaCtrlSessionTests: XCTestCase {
    private var rig: DaemonRig!
    private var clients: String!

    override func setUpWithError() throws {
        if let reason = DaemonRig.unavailableReason { throw CannotRun("real daemons unavailable: \(reason)") }
        let rig = try DaemonRig()
        self.rig = rig
        addTeardownBlock { rig.stop() }
        clients = rig.directory + "/clients"
        try FileManager.default.createDirectory(atPath: clients, withIntermediateDirectories: true)
    }

    private func clientFiles() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: clients) }

    func testCloseSendsTheUndoListNewestFirstDetachesAndLeavesNoSocket() throws {
        let path = rig.directory + "/fake"
        let fake = try FakeControlDaemon(path: path) { _ in .init(reply: "OK\n") }
        defer { fake.stop() }
        let cleanup = CleanupRegistry()
        let session = try WpaCtrlSession(endpoint: ControlEndpoint(socketPath: path), clientDirectory: clients, cleanup: cleanup)
        XCTAssertEqual(fake.attachedCount, 1)
        XCTAssertEqual(try clientFiles().count, 2, "a request socket and an attached one")
        session.undo("UNDO_FIRST")
        let early = session.undo("UNDO_EARLY")
        session.undo("UNDO_LAST")
        session.undoNow(early)
        XCTAssertEqual(fake.commands.last, "UNDO_EARLY", "sent at once")
        session.close()
        XCTAssertEqual(Array(fake.commands.suffix(3)), ["UNDO_LAST", "UNDO_FIRST", "DETACH"], "newest first, each once, then DETACH")
        XCTAssertEqual(fake.attachedCount, 0)
        XCTAssertEqual(try clientFiles(), [])
        XCTAssertEqual(cleanup.pendingCount, 0)
        session.close()
        XCTAssertEqual(fake.commands.filter { $0.hasPrefix("UNDO_") }.count, 3, "a second close sends nothing again")
    }

    func testInterruptPathTakesBackWhatTheRunStartedInTheDaemon() throws {
        let daemon = try rig.startWpaSupplicant(name: "s")
        let cleanup = CleanupRegistry()
        let session = try WpaCtrlSession(endpoint: ControlEndpoint(socketPath: daemon.socketPath), clientDirectory: clients, cleanup: cleanup)
        let id = try session.client.id("DPP_BOOTSTRAP_GEN type=qrcode")
        session.undo("DPP_BOOTSTRAP_REMOVE \(id)")
        XCTAssertNoThrow(try session.client.command("DPP_BOOTSTRAP_INFO \(id)"))
        // What SignalCleanup runs on SIGINT/SIGTERM/SIGHUP before the process exits (the signals
        // themselves are tested end to end: DPPEnrollTests, WPSDaemonTests' interrupt cases).
        cleanup.runAll()
        XCTAssertEqual(try clientFiles(), [], "the run's client sockets are gone")
        let check = try WpaCtrlClient(endpoint: ControlEndpoint(socketPath: daemon.socketPath), clientDirectory: clients)
        defer { check.close() }
        XCTAssertThrowsError(try check.command("DPP_BOOTSTRAP_INFO \(id)"), "the bootstrap was removed") {
            XCTAssertEqual($0 as? WpaCtrlError, .commandFailed(command: "DPP_BOOTSTRAP_INFO", reason: nil))
        }
    }

    func testASessionThatCannotOpenLeavesNoSocket() throws {
        let cleanup = CleanupRegistry()
        XCTAssertThrowsError(try WpaCtrlSession(endpoint: ControlEndpoint(socketPath: rig.directory + "/none"), clientDirectory: clients,
                                                cleanup: cleanup)) {
            guard case .daemonUnreachable? = $0 as? WpaCtrlError else { return XCTFail("\($0)") }
        }
        XCTAssertEqual(try clientFiles(), [])
        XCTAssertEqual(cleanup.pendingCount, 0)
    }
}
