import Foundation
import TestSupport
import XCTest

/// SIGHUP (the terminal or ssh session going away) is an interrupt like Ctrl-C and SIGTERM: exit 130,
/// the terminal's echo restored after a hidden prompt, and when several signals come together the
/// first wins: one message, one `result` line.
final class HangupTests: EndToEndCase {
    /// esp-prov on a pseudo-terminal of the test's own (not under script(1)), so the signal reaches
    /// esp-prov itself and the terminal's modes can be read while it waits at a hidden prompt.
    func testHangupAtAHiddenPromptRestoresEchoAndExits130() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        defer { _ = device.stop() }
        // posix_openpt and friends are not in Swift's Glibc module: /dev/ptmx and its two ioctls
        // (TIOCSPTLCK, TIOCGPTN; the same numbers on every Linux architecture Swift runs on).
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, 0x4004_5431, &unlock) == 0, ioctl(master, 0x8004_5430, &number) == 0 else {
            return XCTFail("cannot set up a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        defer { close(master) }
        let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        XCTAssertGreaterThanOrEqual(slave, 0)
        defer { close(slave) }
        let screen = PseudoTerminalScreen(master: master)

        let process = Process()
        process.executableURL = Binaries.url("esp-prov")
        process.arguments = ["--transport", "softap", "--service_name", device.serviceName, "--sec2_username", "wifiprov",
                             "--ssid", "HomeNet", "--passphrase", "secret123"]
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.standardInput = terminal
        process.standardOutput = terminal
        process.standardError = terminal
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        XCTAssertTrue(screen.waitFor("SRP6a Password required: "), screen.text)
        var modes = termios()
        XCTAssertEqual(tcgetattr(slave, &modes), 0)
        XCTAssertEqual(modes.c_lflag & tcflag_t(ECHO), 0, "echo should be off at the hidden prompt")

        kill(process.processIdentifier, SIGHUP)
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        XCTAssertFalse(process.isRunning, "esp-prov outlived SIGHUP:\n\(screen.text)")
        XCTAssertEqual(process.terminationStatus, 130, screen.text)
        XCTAssertEqual(process.terminationReason, .exit, "killed by the signal instead of handling it")
        XCTAssertEqual(tcgetattr(slave, &modes), 0)
        XCTAssertNotEqual(modes.c_lflag & tcflag_t(ECHO), 0, "echo was left off:\n\(screen.text)")
        XCTAssertTrue(screen.waitFor("nothing was changed on it"), screen.text)
    }

    /// SIGINT, SIGTERM and SIGHUP at once while waiting for a silent device: one error message and
    /// exactly one `result` line, exit 130.
    func testSignalsTogetherGiveOneResult() throws {
        let server = try ScriptedHTTPServer { _, _ in .silent }
        defer { server.stop() }
        let run = try InteractiveProcess(
            "esp-prov", ["--json", "--transport", "softap", "--service_name", "127.0.0.1:\(server.port)", "--sec_ver", "0",
                         "--ssid", "HomeNet", "--passphrase", "secret123", "--request_timeout", "60"])
        defer { run.closeInput() }
        let started = Date()
        while server.requests.isEmpty && Date().timeIntervalSince(started) < 20 { usleep(20_000) }
        XCTAssertFalse(server.requests.isEmpty, run.transcript)
        for number in [SIGINT, SIGTERM, SIGHUP] { run.signal(number) }
        XCTAssertEqual(try run.wait(), 130, run.transcript)
        let results = run.transcript.split(separator: "\n").filter { $0.contains(#""event":"result""#) }
        XCTAssertEqual(results.count, 1, run.transcript)
        XCTAssertEqual(run.transcript.components(separatedBy: "error: interrupted").count - 1, 1, run.transcript)
    }
}

/// What esp-prov wrote to the pseudo-terminal, read on a thread of its own.
private final class PseudoTerminalScreen: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []

    init(master: Int32) {
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(master, &buffer, buffer.count)
                guard count > 0 else { return }
                lock.withLock { bytes += buffer[..<count] }
            }
        }
    }

    var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }

    func waitFor(_ fragment: String, timeout: TimeInterval = 20) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if text.contains(fragment) { return true }
            usleep(20_000)
        }
        return false
    }
}
