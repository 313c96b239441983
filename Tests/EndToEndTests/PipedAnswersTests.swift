import Foundation
import TestSupport
import XCTest

/// `printf 'wifiprov\n…' | esp-prov …`: esp_prov's `input()`/`getpass` read a piped stdin in prompt
/// order, and scripts rely on it. End of input, or a pipe that stays silent, ends the run at once with
/// exit 2 naming the flag; `--no_prompt` restores "never ask"; a secret file `-` owns stdin.
final class PipedAnswersTests: EndToEndCase {
    func testAnswersArePipedInPromptOrder() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let result = try espProv([], device: device, stdin: "wifiprov\nabcd1234\n1\nsecret123\n", expect: 0)
        let prompts = ["Security Scheme 2 - SRP6a Username required: ", "Security Scheme 2 - SRP6a Password required: ",
                       "Select AP by number (0 to rescan) : ", "Enter passphrase for HomeNet : "]
        let positions = prompts.map { result.stdout.range(of: $0)?.lowerBound }
        XCTAssertFalse(positions.contains(nil), "every prompt is printed:\n\(result.stdout)")
        XCTAssertEqual(positions.compactMap { $0 }, positions.compactMap { $0 }.sorted(), "in esp_prov's order:\n\(result.stdout)")
        XCTAssertTrue(result.stdout.contains("==== Provisioning was successful ===="), result.output)
    }

    func testEndOfInputNamesTheFlag() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let result = try espProv(["--ssid", "HomeNet", "--passphrase", "secret123"], device: device, stdin: "wifiprov\n", expect: 2)
        XCTAssertTrue(result.stderr.contains("error: missing --sec2_pwd (or --sec2_pwd_file, ESP_PROV_SEC2_PWD): stdin ended"),
                      result.output)
    }

    func testSilentOpenStdinEndsAfterTheBound() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let run = try InteractiveProcess(
            "esp-prov", ["--transport", "softap", "--service_name", device.serviceName, "--ssid", "HomeNet", "--passphrase", "secret123"],
            environment: ["ESP_PROV_ANSWER_TIMEOUT": "0.5"])
        try run.expect("Security Scheme 2 - SRP6a Username required: ")
        XCTAssertEqual(try run.wait(timeout: 20), 2, run.transcript)
        XCTAssertTrue(run.transcript.contains("missing --sec2_username: no answer to 'Security Scheme 2 - SRP6a Username required:' "
                                              + "on stdin within 0.5 s (ESP_PROV_ANSWER_TIMEOUT sets the bound)"), run.transcript)
        run.closeInput()
    }

    func testNoPromptNeverReadsStdinAndFailsBeforeContact() throws {
        for (flags, environment) in [(["--no_prompt"], [String: String]()), ([], ["ESP_PROV_NO_PROMPT": "1"])] {
            let device = try device(["--network", "HomeNet:secret123"])
            let result = try espProv(["--sec_ver", "2", "--sec2_pwd", "abcd1234", "--ssid", "HomeNet", "--passphrase", "secret123"] + flags,
                                     device: device, environment: environment, stdin: "wifiprov\n", expect: 2)
            XCTAssertTrue(result.stderr.contains("missing --sec2_username (--no_prompt or ESP_PROV_NO_PROMPT: nothing is asked)"),
                          result.output)
            XCTAssertFalse(device.stop().contains("proto-ver="), "the device was contacted")
        }
    }

    func testSecretFileDashOwnsStdin() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        try espProv(["--sec2_username", "wifiprov", "--sec2_pwd_file", "-", "--ssid", "HomeNet", "--passphrase", "secret123"],
                    device: device, stdin: "abcd1234\n", expect: 0)
        let second = try self.device(["--network", "HomeNet:secret123"])
        let refused = try espProv(["--sec2_username", "wifiprov", "--sec2_pwd_file", "-", "--ssid", "HomeNet"],
                                  device: second, stdin: "abcd1234\nsecret123\n", expect: 2)
        XCTAssertTrue(refused.stderr.contains("missing --passphrase (or --passphrase_file, ESP_PROV_PASSPHRASE)"), refused.output)
        XCTAssertTrue(refused.stderr.contains("stdin holds --sec2_pwd_file -, so no prompt reads it"), refused.output)
    }
}
