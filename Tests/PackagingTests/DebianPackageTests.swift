import Foundation
import TestSupport
import XCTest

/// `make deb`'s script, built from the executables this test run already built (a static release
/// build takes minutes on CI's two cores; `make deb` itself uses one), unpacked into a scratch
/// root with `dpkg-deb -x`, and used from there: `--help`, then a whole provisioning run of the
/// packaged esp-prov against the packaged esp-prov-device (scripts/demo.sh).
final class DebianPackageTests: XCTestCase {
    private let dpkgDeb = URL(fileURLWithPath: "/usr/bin/dpkg-deb")

    func testPackageUnpacksIntoAScratchRootAndProvisions() throws {
        guard FileManager.default.isExecutableFile(atPath: dpkgDeb.path) else {
            throw CannotRun("dpkg-deb is not installed, so the .deb cannot be built or checked (Debian has it)")
        }
        let work = try Repository.temporaryDirectory(for: self)
        let build = try Repository.script(
            "deb.sh", [Binaries.directory.path, "9.8.7~test", work.appendingPathComponent("dist").path],
            environment: ["DEB_IGNORE_UNPACKAGED_LIBS": "1", "DEB_COMPRESSION": "none"], timeout: 300)
        XCTAssertEqual(build.status, 0, build.output)
        let deb = try XCTUnwrap(build.stdout.split(separator: "\n").last.map(String.init), build.output)
        XCTAssertTrue(deb.hasSuffix("/esp-prov_9.8.7~test_\(try architecture()).deb"), deb)

        let depends = try Binaries.run(executable: dpkgDeb, ["-f", deb, "Depends"]).stdout
        for package in ["libdbus-1-3", "libssl3", "libqrencode4", "libbluetooth3", "libc6"] {
            XCTAssertTrue(depends.contains(package), "Depends lacks \(package): \(depends)")
        }
        let contents = try Binaries.run(executable: dpkgDeb, ["-c", deb]).stdout
        for path in InstallLayoutTests.layout.map({ $0.hasSuffix(".1") ? "\($0).gz" : $0 })
            + ["share/doc/esp-prov/copyright", "share/doc/esp-prov/changelog.gz"]
        {
            XCTAssertTrue(contents.contains("./usr/\(path)\n"), "the package lacks /usr/\(path)")
        }
        XCTAssertTrue(contents.contains("root/root"), "files belong to root")

        let root = work.appendingPathComponent("root")
        let unpack = try Binaries.run(executable: dpkgDeb, ["-x", deb, root.path])
        XCTAssertEqual(unpack.status, 0, unpack.output)
        let bin = root.appendingPathComponent("usr/bin")
        let help = try Binaries.run(executable: bin.appendingPathComponent("esp-prov"), ["--help"])
        XCTAssertEqual(help.status, 0, help.output)
        XCTAssertTrue(help.stdout.contains("doctor"), help.output)
        let version = try Binaries.run(executable: bin.appendingPathComponent("esp-prov"), ["--version"])
        XCTAssertEqual(version.status, 0, version.output)
        XCTAssertTrue(version.stdout.hasPrefix("esp-prov "), version.output)

        let demo = try Repository.script("demo.sh", [bin.path], timeout: 60)
        XCTAssertEqual(demo.status, 0, demo.output)
        XCTAssertTrue(demo.stdout.contains("esp-prov exited with status 0"), demo.output)
        XCTAssertTrue(demo.stdout.contains("==== Provisioning was successful ===="), demo.output)
    }

    private func architecture() throws -> String {
        try Binaries.run(executable: URL(fileURLWithPath: "/usr/bin/dpkg"), ["--print-architecture"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
