import DPP
import Foundation
import TestSupport
import WpaCtrl
import XCTest

/// What scripts see of every `dpp` subcommand that writes: `| head -1` closes stdout after the first
/// line and the run must still end with its own status (Foundation's `FileHandle.write` trapped on
/// the closed pipe); `| cat` gets every line, the JSON ending with one `result`; and `auth_started`
/// reports the `neg_freq` the daemon was actually sent.
final class DPPOutputTests: DPPCLITestCase {
    /// Runs `esp-prov ARGUMENTS | READER` and returns esp-prov's own status and what the reader printed.
    private func piped(_ arguments: [String], into reader: String) throws -> ProcessResult {
        let script = "\"$0\" \"$@\" | \(reader); exit ${PIPESTATUS[0]}"
        let result = try Binaries.run(executable: URL(fileURLWithPath: "/usr/bin/nsenter"),
                                      inNamespace("/bin/bash", ["-c", script, Binaries.url("esp-prov").path] + arguments),
                                      environment: ["ESP_PROV_WPA_CTRL_DIR": clientDirectory, "ESP_PROV_PASSPHRASE": Self.passphrase],
                                      timeout: 60)
        assertNoSecret(result.output)
        return result
    }

    func testEverySubcommandSurvivesAClosedPipeAndWritesEverythingIntoAnOpenOne() throws {
        let configurator = try rig.startWpaSupplicant(name: "conf")
        let enrollee = try startEnrolleeSupplicant()
        let uri = try listenAsTCPEnrollee(enrollee)
        // A well-formed URI of some other device: the enrollee's controller does not know its key.
        let unusedURI = try Fixtures.decode([DPPURITests.Vector].self, from: "dpp/bootstrap-uris.json")[0].uri
        let cases: [(arguments: [String], status: Int32)] = [
            (["dpp", "uri", "--ctrl", configurator.socketPath, "--json"], 0),
            (["dpp", "uri", "--ctrl", configurator.socketPath], 0),
            (["dpp", "sign", "--ctrl", configurator.socketPath, "--ssid", "lab", "--json"], 0),
            (["dpp", "enroll", "--ctrl", configurator.socketPath, "--tcp_port", "8909", "--timeout", "1.5", "--json"], 7),
            (["dpp", "enroll", "--ctrl", configurator.socketPath, "--tcp_port", "8909", "--timeout", "1.5"], 7),
            // A controller listens at the enrollee, but for another URI: it never answers.
            (["dpp", "configure", "--ctrl", configurator.socketPath, "--uri", unusedURI, "--ssid", "lab",
              "--tcp", NetworkNamespace.address.b, "--timeout", "1.5", "--json"], 7),
        ]
        for (reader, complete) in [("head -1", false), ("cat", true)] {
            for (arguments, status) in cases {
                let result = try piped(arguments, into: reader)
                XCTAssertEqual(result.status, status, "\(arguments.joined(separator: " ")) | \(reader): \(result.output)")
                XCTAssertFalse(result.stdout.isEmpty, "\(arguments.joined(separator: " ")) | \(reader)")
                if complete && arguments.contains("--json") {
                    XCTAssertEqual(resultLines(result.stdout).count, 1, "\(arguments.joined(separator: " ")): \(result.stdout)")
                }
            }
        }
        // And a configuration that succeeds, whose auth_started says which neg_freq was sent (2412 over TCP).
        let configured = try piped(["dpp", "configure", "--ctrl", configurator.socketPath, "--uri", uri, "--ssid", "lab",
                                          "--tcp", NetworkNamespace.address.b, "--json"], into: "cat")
        XCTAssertEqual(configured.status, 0, configured.output)
        let started = try XCTUnwrap(jsonObjects(configured.stdout).first { $0["event"] as? String == "auth_started" })
        XCTAssertEqual(started["neg_freq"] as? Int, DPPPath.tcpNegotiationFrequency, "\(started)")
        assertNoClientSocketsLeft()
    }

    private func jsonObjects(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    private func resultLines(_ text: String) -> [[String: Any]] {
        jsonObjects(text).filter { $0["event"] as? String == "result" }
    }
}
