import Foundation
import TestSupport
import XCTest

/// The source tree and its scripts, as `make docs/install/deb` use them, run against the
/// executables this test run built.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let bash = URL(fileURLWithPath: "/bin/bash")

    static func script(_ name: String, _ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 120)
        throws -> ProcessResult
    {
        try Binaries.run(executable: bash, [root.appendingPathComponent("scripts/\(name)").path] + arguments,
                         environment: environment, timeout: timeout)
    }

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// A fresh directory, removed by the test's teardown.
    static func temporaryDirectory(for test: XCTestCase) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("esp-prov-packaging-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        return directory
    }

    /// Man pages and completions of the built executables (scripts/generate-docs.sh).
    static func generatedDocs(for test: XCTestCase) throws -> URL {
        let out = try temporaryDirectory(for: test)
        let result = try script("generate-docs.sh", [Binaries.directory.path, out.path, "9.8.7"])
        XCTAssertEqual(result.status, 0, result.output)
        return out
    }
}
