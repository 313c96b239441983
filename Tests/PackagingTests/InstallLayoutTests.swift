import Foundation
import TestSupport
import XCTest

/// `make install`/`make uninstall` run scripts/install.sh: this checks its layout under a
/// PREFIX and DESTDIR with the executables this run built (a release build would take minutes).
final class InstallLayoutTests: XCTestCase {
    static let layout = [
        "bin/esp-prov", "bin/esp-prov-device",
        "share/man/man1/esp-prov.1", "share/man/man1/esp-prov-device.1",
        "share/bash-completion/completions/esp-prov", "share/bash-completion/completions/esp-prov-device",
        "share/zsh/site-functions/_esp-prov", "share/zsh/site-functions/_esp-prov-device",
        "share/fish/vendor_completions.d/esp-prov.fish", "share/fish/vendor_completions.d/esp-prov-device.fish",
    ]

    func testInstallHonoursPrefixAndDestdirAndUninstallRemovesEverything() throws {
        let docs = try Repository.generatedDocs(for: self)
        let destdir = try Repository.temporaryDirectory(for: self)
        let install = try Repository.script("install.sh", [Binaries.directory.path, docs.path, "/opt/esp", destdir.path])
        XCTAssertEqual(install.status, 0, install.output)

        let installed = FileManager.default.enumerator(atPath: destdir.path)?.compactMap { $0 as? String }
            .filter { !isDirectory(destdir.appendingPathComponent($0)) } ?? []
        XCTAssertEqual(Set(installed), Set(Self.layout.map { "opt/esp/\($0)" }), "exactly the documented files")
        for file in Self.layout {
            let attributes = try FileManager.default.attributesOfItem(atPath: destdir.appendingPathComponent("opt/esp/\(file)").path)
            XCTAssertEqual((attributes[.posixPermissions] as? Int), file.hasPrefix("bin/") ? 0o755 : 0o644, file)
        }
        let help = try Binaries.run(executable: destdir.appendingPathComponent("opt/esp/bin/esp-prov"), ["doctor", "--help"])
        XCTAssertEqual(help.status, 0, help.output)

        let uninstall = try Repository.script("install.sh", ["--uninstall", "/opt/esp", destdir.path])
        XCTAssertEqual(uninstall.status, 0, uninstall.output)
        let left = FileManager.default.enumerator(atPath: destdir.path)?.compactMap { $0 as? String }
            .filter { !isDirectory(destdir.appendingPathComponent($0)) } ?? []
        XCTAssertEqual(left, [], "uninstall leaves no file")
        let again = try Repository.script("install.sh", ["--uninstall", "/opt/esp", destdir.path])
        XCTAssertEqual(again.status, 0, "uninstalling twice is fine: \(again.output)")
    }

    private func isDirectory(_ url: URL) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &directory) && directory.boolValue
    }
}
