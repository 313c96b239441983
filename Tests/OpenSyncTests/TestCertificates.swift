import Foundation

/// Certificates made by the openssl CLI for one test, in a private temporary directory: a CA with
/// a server and a client certificate, and a second, unrelated CA with a client certificate of its
/// own. EC P-256 keys (fast to make). `keyMarker` is a line from the client key's PEM body, for
/// asserting that the key never reaches any output.
final class TestCertificates: @unchecked Sendable {
    struct Failed: Error, CustomStringConvertible { let description: String }

    let directory: URL
    private(set) var keyMarker = ""

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    var caCertificate: String { path("ca.pem") }
    var serverCertificate: String { path("server.pem") }
    var serverKey: String { path("server.key") }
    var clientCertificate: String { path("client.pem") }
    var clientKey: String { path("client.key") }
    var otherCACertificate: String { path("other-ca.pem") }
    var otherClientCertificate: String { path("other-client.pem") }
    var otherClientKey: String { path("other-client.key") }

    init() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") else {
            throw Failed(description: "/usr/bin/openssl is missing: install openssl (make test-deps does)")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("esp-prov-tls-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let leafExtensions = "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n"
        try leafExtensions.write(toFile: path("leaf.ext"), atomically: true, encoding: .utf8)
        try makeCA("ca")
        try makeCA("other-ca")
        try makeLeaf("server", ca: "ca")
        try makeLeaf("client", ca: "ca")
        try makeLeaf("other-client", ca: "other-ca")
        let body = try String(contentsOfFile: path("client.key"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("-----") }
        guard let line = body.first, line.count >= 40 else { throw Failed(description: "client.key has no PEM body") }
        keyMarker = String(line.prefix(40))
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    deinit { remove() }

    private func makeCA(_ name: String) throws {
        try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                     "-keyout", path("\(name).key"), "-out", path("\(name).pem"), "-days", "2", "-subj", "/CN=esp-prov test \(name)",
                     "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    }

    private func makeLeaf(_ name: String, ca: String) throws {
        try openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                     "-keyout", path("\(name).key"), "-out", path("\(name).csr"), "-subj", "/CN=esp-prov test \(name)"])
        try openssl(["x509", "-req", "-in", path("\(name).csr"), "-CA", path("\(ca).pem"), "-CAkey", path("\(ca).key"),
                     "-CAcreateserial", "-out", path("\(name).pem"), "-days", "2", "-extfile", path("leaf.ext")])
    }

    /// Runs openssl to completion (it does not wait for input with these arguments).
    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(description: "openssl \(arguments.first ?? "") failed: \(String(decoding: message, as: UTF8.self))")
        }
    }
}
