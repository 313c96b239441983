import Foundation
import TestSupport
import XCTest

/// `esp-prov wps opensync --ovsdb ssl:…` against a real ovsdb-server listening with `pssl:` (mutual
/// TLS, certificates made by the openssl CLI for each test) and `ptcp:`, with the Wi-Fi manager
/// stand-in playing the AP over the server's unix socket. Every run also checks that no byte of
/// the private key's PEM body reaches stdout or stderr.
final class OpenSyncTLSTests: XCTestCase {
    private var certificates: TestCertificates!
    private var server: OVSDBServerProcess!
    private var standIn: WifiManagerStandIn?

    override func setUpWithError() throws {
        certificates = try TestCertificates()
        server = try OVSDBServerProcess(certificates: certificates)
        let security = #"["map",[["encryption","WPA-PSK"],["key","SECRET-PSK-one"],["mode","2"]]]"#
        try server.transact(#"""
            {"op":"insert","table":"Wifi_VIF_Config","row":{"if_name":"wl0","ssid":"Home","mode":"ap","enabled":true,"security":\#(security)}},
            {"op":"insert","table":"Wifi_VIF_State","row":{"if_name":"wl0","ssid":"Home","mode":"ap","enabled":true}}
            """#)
    }

    override func tearDown() async throws {
        await standIn?.stop()
        server?.stop()
        certificates?.remove()
    }

    /// Runs `esp-prov wps opensync` with `arguments` after `--ovsdb ENDPOINT`; nothing secret may be in its output.
    private func espProv(_ endpoint: String, _ arguments: [String]) async throws -> ProcessResult {
        let result = try await Binaries.run(
            "esp-prov", ["wps", "opensync", "--ovsdb", endpoint, "--ssid", "Home", "--key_id", "key"] + arguments, timeout: 30)
        XCTAssertFalse(result.output.contains(certificates.keyMarker), "the private key reached the output:\n\(result.output)")
        XCTAssertFalse(result.output.contains("SECRET"), "a PSK reached the output:\n\(result.output)")
        return result
    }

    /// The three TLS flags, each replaceable.
    private func tlsFlags(cert: String? = nil, key: String? = nil, ca: String? = nil) -> [String] {
        ["--ovsdb_cert", cert ?? certificates.clientCertificate, "--ovsdb_key", key ?? certificates.clientKey,
         "--ovsdb_ca", ca ?? certificates.caCertificate]
    }

    func testSessionOverSSLRunsAndEnds() async throws {
        standIn = try await WifiManagerStandIn(endpoint: server.endpoint, sessionLength: .milliseconds(300))
        let result = try await espProv(server.sslEndpoint, tlsFlags() + ["--json", "-v"])
        XCTAssertEqual(result.status, 0, result.output)
        let lines = try result.stdout.split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let connected = try XCTUnwrap(lines.first { $0["event"] as? String == "opensync_connected" })
        XCTAssertEqual(connected["ovsdb"] as? String, server.sslEndpoint)
        XCTAssertEqual(connected["tls"] as? Bool, true)
        XCTAssertEqual(lines.last?["outcome"] as? String, "session_ended", result.stdout)
        XCTAssertEqual(standIn?.started.map(\.ifName), ["wl0"])
    }

    func testServerCertificateFromAnotherCAIsExit4() async throws {
        let result = try await espProv(server.sslEndpoint, tlsFlags(ca: certificates.otherCACertificate))
        XCTAssertEqual(result.status, 4, result.output)
        XCTAssertTrue(result.stderr.contains("presented a certificate not signed by the CA certificate given"), result.stderr)
    }

    func testClientCertificateFromAnUnrelatedCAIsRejectedExit4() async throws {
        let result = try await espProv(
            server.sslEndpoint, tlsFlags(cert: certificates.otherClientCertificate, key: certificates.otherClientKey))
        XCTAssertEqual(result.status, 4, result.output)
        XCTAssertTrue(result.stderr.contains("rejected our certificate (TLS alert: "), result.stderr)
        let wpsPBC = try server.row("Wifi_VIF_Config", ifName: "wl0")["wps_pbc"] ?? NSNull()
        let written = String(decoding: try JSONSerialization.data(withJSONObject: wpsPBC, options: [.fragmentsAllowed]), as: UTF8.self)
        XCTAssertEqual(written, #"["set",[]]"#, "nothing may be written for a client the server refused")
    }

    func testPlainTCPServerOnAnSSLEndpointIsExit8() async throws {
        let result = try await espProv("ssl:127.0.0.1:\(server.tcpPort)", tlsFlags())
        XCTAssertEqual(result.status, 8, result.output)
        XCTAssertTrue(result.stderr.contains("does not speak TLS on that port"), result.stderr)
    }

    func testSilentListenerIsAHandshakeTimeoutExit7() async throws {
        // Listening but never accepting: the kernel completes TCP, nobody ever answers the ClientHello.
        let (fd, port) = try OVSDBServerProcess.bindLoopback()
        defer { close(fd) }
        XCTAssertEqual(listen(fd, 4), 0)
        let result = try await espProv("ssl:127.0.0.1:\(port)", tlsFlags() + ["--timeout", "1"])
        XCTAssertEqual(result.status, 7, result.output)
        XCTAssertTrue(result.stderr.contains("no TLS handshake with ssl:127.0.0.1:\(port)"), result.stderr)
    }

    func testConnectionRefusedIsExit14() async throws {
        let port = try OVSDBServerProcess.freeLoopbackPort()
        let result = try await espProv("ssl:127.0.0.1:\(port)", tlsFlags())
        XCTAssertEqual(result.status, 14, result.output)
        XCTAssertTrue(result.stderr.contains("connection refused"), result.stderr)
    }

    func testFlagCombinationsAndBadFilesAreUsageErrorsNamingTheFlag() async throws {
        let notPEM = certificates.path("not-pem.txt")
        try "hello\n".write(toFile: notPEM, atomically: true, encoding: .utf8)
        let missing = certificates.path("missing.pem")
        let cases: [(endpoint: String, flags: [String], message: String)] = [
            (server.sslEndpoint, [], "needs --ovsdb_cert, --ovsdb_key and --ovsdb_ca together"),
            (server.sslEndpoint, ["--ovsdb_cert", certificates.clientCertificate, "--ovsdb_key", certificates.clientKey],
             "missing: --ovsdb_ca"),
            (server.tcpEndpoint, ["--ovsdb_ca", certificates.caCertificate], "--ovsdb_ca only go with an ssl: --ovsdb endpoint"),
            (server.endpoint, tlsFlags(), "--ovsdb_cert, --ovsdb_key, --ovsdb_ca only go with an ssl:"),
            (server.sslEndpoint, tlsFlags(ca: missing), "--ovsdb_ca: cannot read the CA certificate file \(missing): no such file"),
            (server.sslEndpoint, tlsFlags(key: notPEM), "--ovsdb_key: \(notPEM) is not a PEM private key file"),
            // The key where the certificate belongs, and the other way round: named, and the key not shown.
            (server.sslEndpoint, tlsFlags(cert: certificates.clientKey), "--ovsdb_cert: \(certificates.clientKey) is not a PEM certificate file"),
            (server.sslEndpoint, tlsFlags(key: certificates.clientCertificate),
             "--ovsdb_key: \(certificates.clientCertificate) is not a PEM private key file"),
            (server.sslEndpoint, tlsFlags(key: certificates.otherClientKey),
             "--ovsdb_key: the private key in \(certificates.otherClientKey) does not belong to the certificate in \(certificates.clientCertificate)"),
        ]
        for (endpoint, flags, message) in cases {
            let result = try await espProv(endpoint, flags)
            XCTAssertEqual(result.status, 2, "\(flags): \(result.output)")
            XCTAssertTrue(result.stderr.contains(message), "\(flags): \(result.stderr)")
        }
    }
}
