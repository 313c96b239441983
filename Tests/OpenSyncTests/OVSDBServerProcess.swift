import Foundation
import TestSupport

/// A real `ovsdb-server` (Debian's openvswitch-switch) serving a fresh database made from
/// `Fixtures/opensync/wifi-vif.ovsschema`, on a unix socket in a private temporary directory.
/// It runs as this test's child (no --detach, no pidfile, --no-chdir) and is stopped by its PID.
final class OVSDBServerProcess: @unchecked Sendable {
    struct Unavailable: Error, CustomStringConvertible { let description: String }

    let directory: URL
    let socketPath: String
    private let process = Process()
    private let stderr = Pipe()

    var endpoint: String { "unix:\(socketPath)" }

    init() throws {
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
