import Foundation
import TestSupport
import XCTest

/// What lets a lab drive esp-prov over ssh (issue 23): runs on one adapter or Wi-Fi interface take
/// turns across processes and say whom they wait for; `--deadline` bounds the whole run, the wait
/// included; with `--end_with_stdin` secrets are stdin lines and the end of stdin (a lost ssh
/// session) stops the run as interrupted instead of leaving it holding the adapter.
final class RunSessionTests: EndToEndCase {
    /// A name no other test (or engineer) on the host uses, so the lock file is this test's alone.
    private let interface = "wlt\(getpid())x\(Int.random(in: 0..<1_000_000))"

    private func start(_ device: DeviceProcess, _ arguments: [String]) throws -> InteractiveProcess {
        try InteractiveProcess("esp-prov", ["--transport", "softap", "--service_name", device.serviceName] + sec2 + arguments)
    }

    func testRunsOnOneInterfaceTakeTurnsAndTheWaiterNamesTheHolder() throws {
        let slow = try device(["--network", "HomeNet:secret123", "--connect_delay", "30"])
        let other = try device(["--network", "HomeNet:secret123"])
        let first = try start(slow, ["--json", "--ssid", "HomeNet", "--passphrase", "secret123", "--wifi_interface", interface])
        try first.expect(#""event":"config_applied""#)
        let second = try start(other, ["--json", "--ssid", "HomeNet", "--passphrase", "secret123", "--wifi_interface", interface])
        try second.expect("esp-prov: waiting for wifi-\(interface), in use by pid \(first.pid) (esp-prov)")
        XCTAssertFalse(second.transcript.contains(#""event":"started""#), "the second run began before the first ended:\n\(second.transcript)")
        first.signal(SIGTERM)
        XCTAssertEqual(try first.wait(), 130, first.transcript)
        XCTAssertEqual(try second.wait(timeout: 60), 0, second.transcript + "\n--- device ---\n" + other.stop())
        first.closeInput()
        second.closeInput()
    }

    func testADeadlineEndsTheWaitForAnAdapter() throws {
        let slow = try device(["--network", "HomeNet:secret123", "--connect_delay", "30"])
        let other = try device(["--network", "HomeNet:secret123"])
        let first = try start(slow, ["--json", "--ssid", "HomeNet", "--passphrase", "secret123", "--wifi_interface", interface])
        try first.expect(#""event":"config_applied""#)
        let second = try start(other, ["--json", "--ssid", "HomeNet", "--passphrase", "secret123", "--wifi_interface", interface,
                                       "--deadline", "2"])
        XCTAssertEqual(try second.wait(timeout: 30), 7, second.transcript)
        XCTAssertTrue(second.transcript.contains("in use by pid \(first.pid)"), second.transcript)
        XCTAssertTrue(second.transcript.contains(#""error":"timeout""#), second.transcript)
        XCTAssertTrue(second.transcript.contains("--deadline 2 s"), second.transcript)
        first.signal(SIGTERM)
        _ = try first.wait()
        first.closeInput()
        second.closeInput()
    }

    /// A `--json --end_with_stdin` run on this test's interface that reads the sec2 password and the
    /// passphrase as stdin lines (a lab's driver process), both typed already.
    private func provisionWithSecretsOnStdin(_ service: String, passphrase: String) throws -> InteractiveProcess {
        let run = try InteractiveProcess("esp-prov", [
            "--transport", "softap", "--service_name", service, "--json", "--end_with_stdin", "--no_prompt",
            "--sec2_username", "wifiprov", "--sec2_pwd_file", "-", "--ssid", "Lab Net", "--passphrase_file", "-",
            "--wifi_interface", interface])
        run.type("abcd1234")
        run.type(passphrase)
        return run
    }

    func testSecretsAreStdinLinesAndTheEndOfStdinStopsTheRun() throws {
        let passphrase = #"pass with "quotes" and 'more'"#
        let slow = try device(["--network", "Lab Net:" + passphrase, "--connect_delay", "30"])
        let run = try provisionWithSecretsOnStdin(slow.serviceName, passphrase: passphrase)
        try run.expect(#""event":"config_applied""#)
        run.closeInput()
        XCTAssertEqual(try run.wait(), 130, run.transcript)
        XCTAssertTrue(run.transcript.contains("stdin closed (the session that started esp-prov went away)"), run.transcript)
        XCTAssertTrue(run.transcript.contains(#""error":"interrupted""#), run.transcript)
        XCTAssertFalse(run.transcript.contains("abcd1234"), run.transcript)
        // The interface is free again: the next run does not wait, and with stdin kept open it provisions.
        let next = try device(["--network", "Lab Net:" + passphrase])
        let second = try provisionWithSecretsOnStdin(next.serviceName, passphrase: passphrase)
        XCTAssertEqual(try second.wait(timeout: 60), 0, second.transcript + "\n--- device ---\n" + next.stop())
        XCTAssertFalse(second.transcript.contains("waiting for"), second.transcript)
        second.closeInput()
    }

    func testAStdinThatEndsBeforeItsSecretIsAUsageError() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let result = try espProv(["--end_with_stdin", "--ssid", "HomeNet", "--sec2_username", "wifiprov", "--sec2_pwd_file", "-",
                                  "--passphrase_file", "-"], device: device, stdin: "abcd1234\n", expect: 2)
        XCTAssertTrue(result.stderr.contains("--passphrase_file -: stdin ended before its line"), result.output)
    }
}
