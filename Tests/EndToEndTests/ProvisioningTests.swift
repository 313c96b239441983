import TestSupport
import XCTest

/// Whole runs of the `esp-prov` binary over HTTP against the strict virtual device, one per scheme
/// and per outcome a user meets. Exit codes are the README's table.
final class ProvisioningTests: EndToEndCase {
    private let wifi = ["--ssid", "HomeNet", "--passphrase", "secret123"]

    func testSecurity0() throws {
        let device = try device(["--sec_ver", "0", "--network", "HomeNet:secret123"])
        let result = try espProv(["--sec_ver", "0"] + wifi, device: device, expect: 0)
        XCTAssertTrue(result.stdout.contains("==== Session Established ===="), result.output)
        XCTAssertTrue(result.stdout.contains("==== Provisioning was successful ===="), result.output)
    }

    func testSecurity1WithPoPAndAutoDetectedScheme() throws {
        let device = try device(["--sec_ver", "1", "--pop", "abcd1234", "--network", "HomeNet:secret123"])
        let result = try espProv(["--pop", "abcd1234", "-v"] + wifi, device: device, expect: 0)
        XCTAssertTrue(result.stdout.contains("==== Security Scheme: 1 ===="), result.output)
        XCTAssertTrue(result.stdout.contains("==== Provisioning was successful ===="), result.output)
    }

    func testSecurity1WrongPoPIsAnAuthenticationFailure() throws {
        let device = try device(["--sec_ver", "1", "--pop", "abcd1234", "--network", "HomeNet:secret123"])
        let result = try espProv(["--sec_ver", "1", "--pop", "wrong-pop-99", "-v"] + wifi, device: device, expect: 4)
        XCTAssertTrue(result.stderr.contains("wrong PoP?"), result.output)
        XCTAssertFalse(result.stdout.contains("Provisioning was successful"), result.output)
    }

    func testSecurity2CounterIVFromTheDefaultDevice() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let result = try espProv(sec2 + ["-v"] + wifi, device: device, expect: 0)
        XCTAssertTrue(result.stdout.contains("==== Security Scheme: 2 ===="), result.output)
        XCTAssertTrue(result.stdout.contains("counter IV"), result.output)
        XCTAssertTrue(result.stdout.contains("==== Provisioning was successful ===="), result.output)
    }

    func testSecurity2StaticIVOfUnpatchedFirmware() throws {
        let device = try device(["--sec_patch_ver", "0", "--network", "HomeNet:secret123"])
        let result = try espProv(
            ["--sec_ver", "2", "--sec2_username", "wifiprov", "--sec2_pwd", "abcd1234", "-v"] + wifi, device: device, expect: 0)
        XCTAssertTrue(result.stdout.contains("static IV"), result.output)
        XCTAssertTrue(result.stdout.contains("==== Provisioning was successful ===="), result.output)
    }

    func testSecurity2WrongPassword() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let result = try espProv(
            ["--sec2_username", "wifiprov", "--sec2_pwd", "not-the-password", "-v"] + wifi, device: device, expect: 4)
        XCTAssertTrue(result.stderr.contains("wrong sec2 username or password?"), result.output)
    }

    func testContradictingSecVerIsRefusedBeforeAnyHandshake() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let result = try espProv(["--sec_ver", "1", "--pop", "abcd1234"] + wifi, device: device, expect: 2)
        XCTAssertTrue(result.stderr.contains("--sec_ver 1") && result.stderr.contains("security 2"), result.output)
        XCTAssertFalse(result.stdout.contains("Starting Session"), result.output)
    }

    func testWrongWiFiPassword() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let result = try espProv(sec2 + ["--ssid", "HomeNet", "--passphrase", "s3cr3t-PW"], device: device, expect: 5)
        XCTAssertTrue(result.stdout.contains("---- Failure reason: Incorrect Password ----"), result.output)
        XCTAssertTrue(result.stderr.contains("wrong Wi-Fi password"), result.output)
    }

    func testUnknownNetwork() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let result = try espProv(sec2 + ["--ssid", "Nowhere", "--passphrase", "secret123"], device: device, expect: 6)
        XCTAssertTrue(result.stderr.contains("network not found"), result.output)
    }

    func testCustomDataReplyIsShown() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let result = try espProv(
            sec2 + ["--custom_data", "hello"] + wifi, device: device, expect: 0)
        XCTAssertTrue(result.stdout.contains(#"++++ CustomData response: b'SUCCESS\x00'++++"#), result.output)
    }

    func testResetAfterAFailureThenProvisionAgain() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let credentials = sec2
        try espProv(credentials + ["--ssid", "HomeNet", "--passphrase", "s3cr3t-PW"], device: device, expect: 5)
        let reset = try espProv(credentials + ["--reset"], device: device, expect: 0)
        XCTAssertTrue(reset.stdout.contains("==== Resetting WiFi===="), reset.output)
        try espProv(credentials + wifi, device: device, expect: 0)
    }

    func testResetOutsideAFailureIsRefusedByTheDevice() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let result = try espProv(sec2 + ["--reset"], device: device, expect: 8)
        XCTAssertTrue(result.stderr.contains("refused reset"), result.output)
    }

    func testReprovisionNeedsProvCtrl() throws {
        let device = try device(["--generation", "v4", "--sec_ver", "1", "--pop", "abcd1234"])
        let result = try espProv(["--pop", "abcd1234", "--reprov"], device: device, expect: 9)
        XCTAssertTrue(result.stderr.contains("no prov-ctrl endpoint"), result.output)
    }

    func testReprovisionWhenFirmwareAllowsIt() throws {
        let device = try device(["--network", "HomeNet:secret123", "--no_auto_stop"])
        let credentials = sec2
        try espProv(credentials + wifi, device: device, expect: 0)
        let result = try espProv(credentials + ["--reprov"], device: device, expect: 0)
        XCTAssertTrue(result.stdout.contains("==== Reprovisioning WiFi===="), result.output)
    }

    func testGeneratedCredentialsLogIntoTheDevice() throws {
        let generated = try espProv(
            ["--sec_ver", "2", "--sec2_gen_cred", "--sec2_username", "rig-7", "--sec2_pwd", "s3cr3t-PW"], expect: 0)
        func array(_ name: String) -> String {
            let body = generated.stdout.components(separatedBy: "\(name)[] = {")[1].components(separatedBy: "};")[0]
            return body.components(separatedBy: CharacterSet(charactersIn: ", \n")).filter { !$0.isEmpty }
                .map { String($0.dropFirst(2)) }.joined()
        }
        XCTAssertEqual(array("sec2_salt").count, 32)
        let device = try device([
            "--sec2_username", "rig-7", "--sec2_salt", array("sec2_salt"), "--sec2_verifier", array("sec2_verifier"),
            "--network", "HomeNet:secret123",
        ])
        try espProv(["--sec2_username", "rig-7", "--sec2_pwd", "s3cr3t-PW"] + wifi, device: device, expect: 0)
    }

    func testMissingSecretWithoutATerminalNamesTheFlag() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let result = try espProv(["--sec2_username", "wifiprov"] + wifi, device: device, stdin: "", expect: 2)
        XCTAssertTrue(result.stderr.contains("--sec2_pwd"), result.output)
    }

    func testInvalidInputsNameTheFlagThatGaveThem() throws {
        let address = try espProv(["--transport", "softap", "--service_name", "h:99999", "--sec_ver", "0"] + wifi, expect: 2)
        XCTAssertTrue(
            address.stderr.contains("error: --service_name 'h:99999': port must be a number from 1 to 65535\n"), address.output)
        let device = try device(["--sec_ver", "1", "--pop", "abcd1234", "--network", "HomeNet:secret123"])
        let scheme = try espProv(["--sec_ver", "0"] + wifi, device: device, expect: 2)
        XCTAssertTrue(scheme.stderr.contains(
            "error: --sec_ver 0 was given, but the device uses security 1 (proto-ver sec_ver); pass --sec_ver 1 or leave it out\n"),
            scheme.output)
    }

    func testUnreachableDeviceIsATransportFailure() throws {
        let result = try espProv(
            ["--transport", "softap", "--service_name", "127.0.0.1:1", "--sec_ver", "0"] + wifi, expect: 3)
        XCTAssertTrue(result.stderr.contains("cannot connect to 127.0.0.1:1"), result.output)
    }
}

/// Verifiers made by esp_prov differ from device-made ones when SHA-512(username:password) starts
/// with 0x00 (docs/protocol.md §8.6); esp-prov logs in to both.
final class VerifierVariantTests: EndToEndCase {
    private func verifier(_ variant: String) throws -> (salt: String, verifier: String) {
        let object = try JSONSerialization.jsonObject(with: Fixtures.data("srp6a_x_variants.json")) as! [String: Any]
        let first = (object["cases"] as! [[String: Any]])[0]
        XCTAssertEqual(first["password"] as? String, "pw69")
        return (first["salt"] as! String, first["verifier_\(variant)"] as! String)
    }

    /// A run with password pw69 against a device that holds the `variant` verifier of it.
    private func provision(verifierVariant variant: String) throws -> ProcessResult {
        let (salt, verifier) = try verifier(variant)
        let device = try device(["--sec2_salt", salt, "--sec2_verifier", verifier, "--network", "HomeNet:secret123"])
        return try espProv(
            ["--sec2_username", "wifiprov", "--sec2_pwd", "pw69", "--ssid", "HomeNet", "--passphrase", "secret123", "-v"],
            device: device, expect: 0)
    }

    func testDeviceMadeVerifierLogsInAtOnce() throws {
        let result = try provision(verifierVariant: "full")
        XCTAssertFalse(result.stdout.contains("retrying"), result.output)
    }

    func testEspProvMadeVerifierLogsInOnTheRetry() throws {
        let result = try provision(verifierVariant: "esp_prov")
        XCTAssertTrue(result.stdout.contains("retrying once with esp_prov's x derivation"), result.output)
        XCTAssertTrue(result.stdout.contains("==== Provisioning was successful ===="), result.output)
    }
}
