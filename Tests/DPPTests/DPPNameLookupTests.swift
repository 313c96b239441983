import Foundation
import TestSupport
import XCTest

/// `dpp configure --tcp NAME` resolves the name before it touches the daemon, and that lookup has
/// a bound too. The resolver here never answers: esp-prov runs in its own network and mount
/// namespaces, with a resolv.conf naming a server behind a veth whose peer has no address (a
/// permanent neighbour entry, so the queries vanish without an error). glibc alone would wait
/// timeout × attempts = 90 s.
final class DPPNameLookupTests: XCTestCase {
    func testALookupThatNeverAnswersEndsAtTheDeadline() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("esp-prov-dns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let resolvConf = directory.appendingPathComponent("resolv.conf")
        try "nameserver 10.78.0.2\noptions timeout:30 attempts:3\n".write(to: resolvConf, atomically: true, encoding: .utf8)
        XCTAssertTrue(FileManager.default.fileExists(atPath: "/etc/resolv.conf"),
                      "the test bind-mounts its resolv.conf over /etc/resolv.conf, which this machine lacks")

        let silentResolver = [
            "ip link set lo up", "ip link add dns0 type veth peer name dns1",
            "ip link set dns0 up", "ip link set dns1 up", "ip addr add 10.78.0.1/24 dev dns0",
            "ip neigh add 10.78.0.2 lladdr 02:00:00:00:00:02 dev dns0 nud permanent",
            "mount --bind \(resolvConf.path) /etc/resolv.conf",
            "exec \"$0\" \"$@\"",
        ].joined(separator: " && ")
        let uri = try Fixtures.decode([DPPURITests.Vector].self, from: "dpp/bootstrap-uris.json")[0].uri
        let result = try Binaries.run(
            executable: URL(fileURLWithPath: "/usr/bin/unshare"),
            ["--net", "--mount", "--", "/bin/sh", "-c", silentResolver, Binaries.url("esp-prov").path,
             "dpp", "configure", "--ctrl", directory.appendingPathComponent("no-daemon").path, "--uri", uri,
             "--ssid", "lab", "--passphrase_file", "-", "--tcp", "enrollee.lab.example:8908", "--timeout", "1"],
            stdin: "correct horse battery\n", timeout: 30)

        XCTAssertEqual(result.status, 7, result.output)
        XCTAssertTrue(result.stderr.contains("--tcp: looking up enrollee.lab.example did not finish within 1 s"), result.stderr)
        XCTAssertTrue(result.stderr.contains("check this host's DNS, or give the daemon's IP address"), result.stderr)
    }
}
