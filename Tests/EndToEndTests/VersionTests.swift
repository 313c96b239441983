import Foundation
import TestSupport
import XCTest

/// `--version` / `-V` on both executables: bug reports, the man page and the .deb quote it, so it must
/// work without any other flag and, for a build from a checkout, name the git commit.
final class VersionTests: XCTestCase {
    /// This source tree is a git checkout (as in CI): the binaries were built from one.
    private var builtFromCheckout: Bool {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return FileManager.default.fileExists(atPath: root.appendingPathComponent(".git").path)
    }

    func testBothExecutablesPrintTheVersionAndCommit() throws {
        for program in ["esp-prov", "esp-prov-device"] {
            for flag in ["--version", "-V"] {
                let result = try Binaries.run(program, [flag], timeout: 20)
                XCTAssertEqual(result.status, 0, "\(program) \(flag): \(result.output)")
                let line = result.stdout.trimmingCharacters(in: .newlines)
                let pattern = "^\(program) [0-9]+\\.[0-9]+\\.[0-9]+( \\(git [0-9a-f]{12}(-dirty)?\\))?$"
                XCTAssertNotNil(line.range(of: pattern, options: .regularExpression), "\(program) \(flag): '\(line)'")
                if builtFromCheckout { XCTAssertTrue(line.contains(" (git "), "built from a checkout, but no commit: '\(line)'") }
                XCTAssertFalse(result.stdout.contains("listening on"), "-V must not start the device")
            }
        }
    }
}
