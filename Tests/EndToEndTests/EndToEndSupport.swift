import TestSupport
import XCTest

/// Runs `esp-prov` against a fresh `esp-prov-device` and checks what a user or CI would see.
class EndToEndCase: XCTestCase {
    /// Secrets used in these tests; none may ever appear in esp-prov's output.
    static let secrets = ["abcd1234", "secret123", "wrong-pop-99", "not-the-password", "s3cr3t-PW"]
    /// The virtual device's default security 2 credentials, as flags.
    let sec2 = ["--sec2_username", "wifiprov", "--sec2_pwd", "abcd1234"]

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
