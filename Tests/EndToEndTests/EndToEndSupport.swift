import Foundation
import TestSupport
import XCTest

/// Runs `esp-prov` against a fresh `esp-prov-device` and checks what a user or CI would see.
class EndToEndCase: XCTestCase {
    /// Secrets used in these tests; none may ever appear in esp-prov's output.
    static let secrets = ["abcd1234", "secret123", "wrong-pop-99", "not-the-password", "s3cr3t-PW"]
    /// The virtual device's default security 2 credentials, as flags.
    let sec2 = ["--sec2_username", "wifiprov", "--sec2_pwd", "abcd1234"]

    /// A file holding `contents` with `mode`, removed when the test ends: a secret file given by path.
    func file(_ contents: String, mode: mode_t = 0o600) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("esp-prov-secret-\(UUID().uuidString)")
        try contents.write(to: url, atomically: true, encoding: .utf8)
        chmod(url.path, mode)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    func device(_ arguments: [String]) throws -> DeviceProcess {
        try DeviceProcess(arguments)
    }

    @discardableResult
    func espProv(
        _ arguments: [String], device: DeviceProcess? = nil, environment: [String: String] = [:], stdin: String? = nil,
        expect status: Int32, timeout: TimeInterval = 60, file: StaticString = #filePath, line: UInt = #line
    ) throws -> ProcessResult {
        var arguments = arguments
        if let device { arguments += ["--transport", "softap", "--service_name", device.serviceName] }
        let result = try Binaries.run("esp-prov", arguments, environment: environment, stdin: stdin, timeout: timeout)
        XCTAssertEqual(
            result.status, status, "esp-prov \(arguments.joined(separator: " "))\n\(result.output)\n--- device ---\n\(device?.stop() ?? "")",
            file: file, line: line)
        for secret in Self.secrets where result.output.contains(secret) {
            XCTFail("secret '\(secret)' appeared in the output:\n\(result.output)", file: file, line: line)
        }
        return result
    }
}
