import Foundation
import TestSupport
import XCTest

/// A request's deadline bounds the whole request, however the peer feeds bytes: endless interim
/// (`100 Continue`) heads or chunk trailers, sent as fast as esp-prov reads them, used to keep a run
/// alive forever (each read got data, so no read ever waited out the deadline). Each run here must
/// end, with the documented code, well before the test's own 30 s watchdog.
final class WholeRequestDeadlineTests: EndToEndCase {
    private let wifi = ["--ssid", "HomeNet", "--passphrase", "secret123"]

    private func run(against server: ScriptedHTTPServer, _ arguments: [String], expect status: Int32) throws -> ProcessResult {
        defer { server.stop() }
        return try espProv(
            ["--transport", "softap", "--service_name", "127.0.0.1:\(server.port)", "--request_timeout", "2"] + arguments,
            expect: status, timeout: 30)
    }

    func testEndlessInterimHeadsEndByTheRequestTimeout() throws {
        let server = try ScriptedHTTPServer { _, _ in .flood("", repeating: "HTTP/1.1 100 Continue\r\n\r\n") }
        let result = try run(against: server, ["--sec_ver", "0"] + wifi, expect: 7)
        XCTAssertTrue(result.stderr.contains("within 2.0 s"), result.output)
    }

    func testEndlessChunkTrailersEndByTheRequestTimeout() throws {
        let server = try ScriptedHTTPServer { _, _ in
            .flood("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n", repeating: "X-Trailer: more\r\n")
        }
        let result = try run(against: server, ["--sec_ver", "0"] + wifi, expect: 7)
        XCTAssertTrue(result.stderr.contains("within 2.0 s"), result.output)
    }

    /// The real device answers until the credentials are applied; then the status replies never end.
    /// The credentials were sent, so this is `outcome_unknown` (10), within the request timeout.
    func testEndlessStatusReplyAfterApplyIsOutcomeUnknown() throws {
        let device = try device(["--sec_ver", "0", "--network", "HomeNet:secret123", "--connect_delay", "20"])
        defer { _ = device.stop() }
        let configRequests = ConfigRequestCount()
        let server = try ScriptedHTTPServer { _, _ in
            // prov-config carries set, apply, then the status polls.
            configRequests.pending > 2 ? .flood("", repeating: "HTTP/1.1 100 Continue\r\n\r\n") : .forward(port: device.port)
        }
        configRequests.server = server
        let result = try run(against: server, ["--sec_ver", "0", "--timeout", "20"] + wifi, expect: 10)
        XCTAssertTrue(result.stderr.contains("outcome unknown"), result.output)
    }

    /// A damaged reply after the credentials were applied is `outcome_unknown` (10), not `protocol` (8):
    /// the board may be on the network already.
    func testDamagedReplyAfterApplyIsOutcomeUnknown() throws {
        for (security, client) in [("0", ["--sec_ver", "0"]), ("2", sec2)] {
            for damage in ["garbage:prov-config:3", "truncated:prov-config:2", "oversized:prov-config:2"] {
                let device = try device(["--sec_ver", security, "--network", "HomeNet:secret123", "--connect_delay", "0.3",
                                         "--fault_reply", damage])
                let result = try espProv(client + wifi + ["--request_timeout", "2", "--timeout", "4"], device: device,
                                         expect: 10, timeout: 30)
                XCTAssertTrue(result.stderr.contains("credentials were sent"), "\(damage): \(result.output)")
                _ = device.stop()
            }
        }
    }
}

/// How many prov-config requests the scripted server has received, for a script that turns hostile.
private final class ConfigRequestCount: @unchecked Sendable {
    weak var server: ScriptedHTTPServer?

    var pending: Int { server?.requests.filter { $0.hasPrefix("POST /prov-config ") }.count ?? 0 }
}
