import Foundation
import TestSupport

/// A real `ovsdb-server` (Debian's openvswitch-switch) serving a fresh database made from
/// `Fixtures/opensync/wifi-vif.ovsschema`, on a unix socket in a private temporary directory.
/// It runs as this test's child (no --detach, no pidfile, --no-chdir) and is stopped by its PID.
/// Given certificates, it also listens for TLS (`pssl:`, mutual: it demands a client certificate
/// signed by the CA) and plain TCP (`ptcp:`) on free loopback ports.
final class OVSDBServerProcess: @unchecked Sendable {
    struct Unavailable: Error, CustomStringConvertible { let description: String }

    let directory: URL
    let socketPath: String
    private let process = Process()
    private let stderr = Pipe()

    /// The `pssl:` and `ptcp:` ports when started with certificates.
    private(set) var sslPort = 0
    private(set) var tcpPort = 0

    var endpoint: String { "unix:\(socketPath)" }
    var sslEndpoint: String { "ssl:127.0.0.1:\(sslPort)" }
    var tcpEndpoint: String { "tcp:127.0.0.1:\(tcpPort)" }

    init(certificates: TestCertificates? = nil) throws {
        for tool in ["/usr/sbin/ovsdb-server", "/usr/bin/ovsdb-tool", "/usr/bin/ovsdb-client"]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            throw Unavailable(description: "\(tool) is missing: install openvswitch-switch (make test-deps does)")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("esp-prov-ovsdb-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        socketPath = directory.appendingPathComponent("db.sock").path
        let database = directory.appendingPathComponent("conf.db").path
        let created = try Self.run("/usr/bin/ovsdb-tool", ["create", database, try Fixtures.url("opensync/wifi-vif.ovsschema").path])
        guard created.status == 0 else { throw Unavailable(description: "ovsdb-tool create failed: \(created.output)") }
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ovsdb-server")
        process.arguments = [
            database, "--remote=punix:\(socketPath)", "--unixctl=\(directory.appendingPathComponent("ctl").path)",
            "--no-chdir", "-vconsole:off", "-vsyslog:off",
        ]
        if let certificates {
            sslPort = try Self.freeLoopbackPort()
            tcpPort = try Self.freeLoopbackPort()
            process.arguments! += [
                "--remote=pssl:\(sslPort):127.0.0.1", "--remote=ptcp:\(tcpPort):127.0.0.1",
                "--private-key=\(certificates.serverKey)", "--certificate=\(certificates.serverCertificate)",
                "--ca-cert=\(certificates.caCertificate)",
            ]
        }
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: socketPath) {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw Unavailable(description: "ovsdb-server did not create \(socketPath) within 10 s")
            }
            usleep(10_000)
        }
        for port in [sslPort, tcpPort] where port != 0 {
            while !Self.accepts(port: port) {
                guard process.isRunning, Date() < deadline else {
                    stop()
                    throw Unavailable(description: "ovsdb-server did not listen on 127.0.0.1:\(port) within 10 s")
                }
                usleep(10_000)
            }
        }
    }

    /// A loopback port nobody listens on now (the kernel's pick for port 0, released again).
    static func freeLoopbackPort() throws -> Int {
        let (fd, port) = try bindLoopback()
        close(fd)
        return port
    }

    /// A socket bound to a free loopback port (not listening yet) and that port.
    static func bindLoopback() throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Unavailable(description: "socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw Unavailable(description: "bind(127.0.0.1:0) failed: errno \(errno)")
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// Whether a TCP connection to 127.0.0.1:`port` is accepted (closed again at once).
    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// Runs one `ovsdb-client transact` with `operations` (JSON text of the operation list) and
    /// returns its output: the tests seed and read the tables with OVS's own client, not esp-prov's.
    @discardableResult
    func transact(_ operations: String) throws -> String {
        let result = try Self.run("/usr/bin/ovsdb-client", ["--timeout=10", "transact", endpoint, "[\"Open_vSwitch\",\(operations)]"])
        guard result.status == 0, !result.stdout.contains("\"error\"") else {
            throw Unavailable(description: "ovsdb-client transact failed: \(result.output)")
        }
        return result.stdout
    }

    /// One row of `table` by `if_name`, as OVS's own client returns it.
    func row(_ table: String, ifName: String) throws -> [String: Any] {
        let text = try transact(#"{"op":"select","table":"\#(table)","where":[["if_name","==","\#(ifName)"]]}"#)
        let results = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]]
        return (results?.first?["rows"] as? [[String: Any]])?.first ?? [:]
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }

    private struct ToolResult {
        var status: Int32
        var stdout: String
        var stderr: String
        var output: String { stdout + stderr }
    }

    /// Runs an OVS tool to completion (they exit on their own; ovsdb-client is given --timeout).
    private static func run(_ path: String, _ arguments: [String]) throws -> ToolResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ToolResult(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }
}
