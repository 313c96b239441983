import Foundation
import TestSupport
import XCTest

/// Secrets kept out of argv: files (with CRLF or LF endings), stdin, the environment, and the
/// documented precedence flag > file > environment.
final class SecretSourceTests: EndToEndCase {
    func testFilesWithCRLFAndStdin() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let result = try espProv(
            ["--sec2_username", "wifiprov", "--sec2_pwd_file", try file("abcd1234\r\n"), "--ssid", "HomeNet", "--passphrase_file", "-"],
            device: device, stdin: "secret123\n", expect: 0)
        XCTAssertTrue(result.stdout.contains("==== Provisioning was successful ===="), result.output)
    }

    func testEnvironment() throws {
        let device = try device(["--sec_ver", "1", "--pop", "abcd1234", "--network", "HomeNet:secret123"])
        try espProv(
            ["--ssid", "HomeNet"], device: device,
            environment: ["ESP_PROV_POP": "abcd1234", "ESP_PROV_PASSPHRASE": "secret123"], expect: 0)
    }

    func testFlagBeatsFileBeatsEnvironment() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let base = ["--sec2_username", "wifiprov", "--ssid", "HomeNet", "--passphrase", "secret123"]
        // The file is right and the environment wrong: the file wins.
        try espProv(base + ["--sec2_pwd_file", try file("abcd1234")], device: device,
                    environment: ["ESP_PROV_SEC2_PWD": "not-the-password"], expect: 0)
        let second = try self.device(["--network", "HomeNet:secret123"])
        // The flag is wrong and the file right: the flag wins, so authentication fails.
        try espProv(base + ["--sec2_pwd", "not-the-password", "--sec2_pwd_file", try file("abcd1234")], device: second, expect: 4)
    }

    func testUnreadableSecretFileIsAUsageError() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let result = try espProv(
            ["--sec2_username", "wifiprov", "--sec2_pwd_file", "/nonexistent/pwd", "--ssid", "HomeNet", "--passphrase", ""],
            device: device, expect: 2)
        XCTAssertTrue(result.stderr.contains("--sec2_pwd_file /nonexistent/pwd: cannot read the secret: No such file or directory"), result.output)
    }
}
