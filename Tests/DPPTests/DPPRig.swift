import DPP
import Foundation
import ProvSupport
import TestSupport
import WpaCtrl
import XCTest

/// What the `dpp` CLI tests share: real daemons (`DaemonRig`), `esp-prov` runs with their client
/// sockets in a private directory (checked empty afterwards), and the JSON lines they print.
class DPPCLITestCase: XCTestCase {
    var rig: DaemonRig!
    /// Where esp-prov binds its client sockets in these tests (`ESP_PROV_WPA_CTRL_DIR`).
    var clientDirectory: String { rig.directory + "/clients" }

    static let passphrase = "lab-passphrase-42"
    static let passphraseHex = hexString(passphrase.utf8)

    override func setUpWithError() throws {
        if let reason = DaemonRig.unavailableReason { throw CannotRun("real daemons unavailable: \(reason)") }
        let rig = try DaemonRig()
        self.rig = rig
        try FileManager.default.createDirectory(atPath: rig.directory + "/clients", withIntermediateDirectories: true)
        chmod(rig.directory + "/clients", 0o1777)
        addTeardownBlock { rig.stop() }
    }

    /// A wpa_supplicant enrollee that adds the network it receives (`dpp_config_processing=2`).
    func startEnrolleeSupplicant(name: String = "enrollee", interface: String = NetworkNamespace.veth.b) throws -> DaemonRig.Daemon {
        try rig.startWpaSupplicant(name: name, interface: interface, config: "dpp_config_processing=2")
    }

    func client(_ daemon: DaemonRig.Daemon) throws -> WpaCtrlClient {
        let client = try WpaCtrlClient(endpoint: ControlEndpoint(socketPath: daemon.socketPath))
        addTeardownBlock { client.close() }
        return client
    }

    /// Bootstrap + `DPP_CONTROLLER_START role=enrollee` on `daemon`, by hand (as wpa_cli would); the URI.
    func listenAsTCPEnrollee(_ daemon: DaemonRig.Daemon) throws -> String {
        let control = try client(daemon)
        let id = try control.id("DPP_BOOTSTRAP_GEN type=qrcode")
        let uri = try control.command("DPP_BOOTSTRAP_GET_URI \(id)")
        try control.expectOK("DPP_CONTROLLER_START role=enrollee")
        return uri
    }

    /// Runs esp-prov to completion (bounded) with the test's client socket directory, in the rig's
    /// network namespace, where the daemons' TCP controllers are (as on a real host, esp-prov and
    /// the daemon see the same network: `--tcp` is probed from there).
    func espProv(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> ProcessResult {
        var env = ["ESP_PROV_WPA_CTRL_DIR": clientDirectory]
        env.merge(environment) { $1 }
        let result = try Binaries.run(executable: URL(fileURLWithPath: "/usr/bin/nsenter"), inNamespace(Binaries.url("esp-prov").path, arguments),
                                      environment: env, stdin: stdin, timeout: 60)
        assertNoClientSocketsLeft()
        return result
    }

    /// `nsenter` arguments that run `executable` in the rig's network namespace.
    func inNamespace(_ executable: String, _ arguments: [String]) -> [String] {
        ["--net=/proc/\(rig.namespace.pid)/ns/net", "--", executable] + arguments
    }

    /// Sockets of esp-prov runs that have ended. A client socket is named `wpa_ctrl_<pid>-<n>`
    /// (wpa_ctrl.c), so the sockets of a run still going on beside this one (an `enroll` waiting
    /// for the `configure` that just finished) are left out until that run ends too.
    func assertNoClientSocketsLeft(file: StaticString = #filePath, line: UInt = #line) {
        let left = (try? FileManager.default.contentsOfDirectory(atPath: clientDirectory)) ?? []
        let ofEndedRuns = left.filter { name in
            guard let pid = name.dropFirst("wpa_ctrl_".count).split(separator: "-").first.flatMap({ pid_t($0) }) else { return true }
            return kill(pid, 0) != 0
        }
        XCTAssertEqual(ofEndedRuns.sorted(), [], "client sockets left behind", file: file, line: line)
    }

    /// The JSON objects of a `--json` run, checked for the shared schema: every line an object
    /// with `event` and `t`, the last one `result` with `ok`, `exit_code`, `error`, `message`.
    func jsonLines(_ result: ProcessResult, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
        let objects = try result.stdout.split(separator: "\n").map { text -> [String: Any] in
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
            return try XCTUnwrap(object as? [String: Any], "not a JSON object: \(text)", file: file, line: line)
        }
        for object in objects {
            XCTAssertNotNil(object["event"] as? String, "\(object)", file: file, line: line)
            XCTAssertNotNil(object["t"] as? Double, "\(object)", file: file, line: line)
        }
        let last = try XCTUnwrap(objects.last, "no JSON output: \(result.output)", file: file, line: line)
        XCTAssertEqual(last["event"] as? String, "result", file: file, line: line)
        XCTAssertEqual(last["exit_code"] as? Int, Int(result.status), file: file, line: line)
        XCTAssertEqual(last["ok"] as? Bool, result.status == 0, file: file, line: line)
        XCTAssertNotNil(last["error"], file: file, line: line)
        XCTAssertNotNil(last["message"], file: file, line: line)
        return objects
    }

    func assertNoSecret(_ text: String, _ secrets: [String] = [passphrase, passphraseHex], file: StaticString = #filePath, line: UInt = #line) {
        for secret in secrets where !secret.isEmpty {
            XCTAssertFalse(text.lowercased().contains(secret.lowercased()), "a secret reached the output:\n\(text)", file: file, line: line)
        }
    }
}
