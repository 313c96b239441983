import Foundation
import TestSupport
import XCTest

/// Scripts cut esp-prov's output short (`| grep -m1 "Session Established"`, `| head -1`) or start it
/// without stdout (`>&-`). The run must still provision the device and end with its own status:
/// no SIGPIPE death, no crash on a failed write, no output written into a socket that took fd 1.
final class ClosedOutputTests: EndToEndCase {
    private var client: [String] { sec2 + ["--ssid", "HomeNet"] }

    /// Runs esp-prov through bash so the shell can close or cut stdout; returns esp-prov's own status.
    private func shell(_ script: String, _ arguments: [String]) throws -> ProcessResult {
        try Binaries.run("/bin/bash", ["-c", script, Binaries.url("esp-prov").path] + arguments, timeout: 60)
    }

    func testClosedStdoutStillProvisionsAndExitsZero() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let result = try shell(#""$0" "$@" >&-"#, client + ["--passphrase", "secret123", "--transport", "softap",
                                                             "--service_name", device.serviceName])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(device.stop().contains("connected to 'HomeNet'"), "the device never got its credentials")
    }

    func testClosedStdoutKeepsTheRunsOwnFailureStatus() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let result = try shell(#""$0" "$@" >&-"#, client + ["--passphrase", "s3cr3t-PW", "--transport", "softap",
                                                             "--service_name", device.serviceName])
        XCTAssertEqual(result.status, 5, result.output)
        XCTAssertTrue(result.stderr.contains("wrong Wi-Fi password"), "stderr still works: \(result.output)")
    }

    func testReaderThatStopsEarlyDoesNotStopTheRun() throws {
        for (reader, extra) in [(#"grep -m1 "Session Established""#, [String]()), ("head -1", ["--json"])] {
            let device = try device(["--network", "HomeNet:secret123"])
            let script = #""$0" "$@" | "# + reader + #"; exit "${PIPESTATUS[0]}""#
            let result = try shell(script, extra + client + ["--passphrase", "secret123", "--transport", "softap",
                                                             "--service_name", device.serviceName])
            XCTAssertEqual(result.status, 0, "\(reader): \(result.output)")
            XCTAssertEqual(result.stdout.split(separator: "\n").count, 1, "\(reader) printed one line: \(result.stdout)")
            XCTAssertTrue(device.stop().contains("connected to 'HomeNet'"), "\(reader): the device never got its credentials")
        }
    }
}
