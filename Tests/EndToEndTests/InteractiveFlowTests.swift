import TestSupport
import XCTest

/// A person at a terminal: esp-prov runs under a pseudo-terminal (script(1)) and the test types
/// at its prompts. Hidden input must not show on the captured screen.
final class InteractiveFlowTests: XCTestCase {
    private func espProv(_ device: DeviceProcess, _ arguments: [String], environment: [String: String] = [:]) throws -> InteractiveProcess {
        try InteractiveProcess(
            "esp-prov", ["--transport", "softap", "--service_name", device.serviceName] + arguments, pseudoTerminal: true,
            environment: environment)
    }

    func testColorsAndProgressOnlyOnATerminalAndNeverWithNoColor() throws {
        let device = try DeviceProcess(["--network", "HomeNet:secret123", "--connect_delay", "1.5"])
        let arguments = ["--sec2_username", "wifiprov", "--sec2_pwd", "abcd1234", "--ssid", "HomeNet", "--passphrase", "secret123"]
        let colored = try espProv(device, arguments, environment: ["TERM": "xterm"])
        XCTAssertEqual(try colored.wait(), 0, colored.transcript)
        XCTAssertTrue(colored.transcript.contains("\u{1B}[32m==== Provisioning was successful ===="), colored.transcript)
        XCTAssertTrue(colored.transcript.contains("waiting for the device to join the network ("), colored.transcript)

        let device2 = try DeviceProcess(["--network", "HomeNet:secret123"])
        let plain = try espProv(device2, arguments, environment: ["NO_COLOR": "1", "TERM": "xterm"])
        XCTAssertEqual(try plain.wait(), 0, plain.transcript)
        XCTAssertFalse(plain.transcript.contains("\u{1B}[32m"), plain.transcript)

        let device3 = try DeviceProcess(["--network", "HomeNet:secret123"])
        let piped = try Binaries.run("esp-prov", ["--transport", "softap", "--service_name", device3.serviceName] + arguments)
        XCTAssertEqual(piped.status, 0, piped.output)
        XCTAssertFalse(piped.output.contains("\u{1B}["), "escape codes in a pipe:\n\(piped.output)")
    }

    func testDumbOrUnknownTerminalGetsNoSpinnerAndNoEscapes() throws {
        let arguments = ["--sec2_username", "wifiprov", "--sec2_pwd", "abcd1234", "--ssid", "HomeNet", "--passphrase", "secret123"]
        for term in ["dumb", "no-such-terminal-type"] {
            let device = try DeviceProcess(["--network", "HomeNet:secret123", "--connect_delay", "1.5"])
            let run = try espProv(device, arguments, environment: ["TERM": term])
            XCTAssertEqual(try run.wait(), 0, run.transcript)
            XCTAssertTrue(run.transcript.contains("==== Provisioning was successful ===="), run.transcript)
            XCTAssertFalse(run.transcript.contains("\u{1B}"), "TERM=\(term): escape codes on screen:\n\(run.transcript)")
            XCTAssertFalse(run.transcript.contains("waiting for the device to join the network ("), "TERM=\(term): a spinner")
        }
    }

    func testChooseAnAccessPointAfterRescanAndBadInput() throws {
        let device = try DeviceProcess(["--network", "HomeNet:secret123"])
        let run = try espProv(device, ["--sec2_username", "wifiprov", "--sec2_pwd", "abcd1234"])
        try run.expect("S.N. SSID                              BSSID         CHN RSSI AUTH            ")
        try run.expect("[ 5] Lab-OWE                           02a0b0c0d0e0   13 -83  OWE             ")
        // esp_prov's prompt word for word, esp-prov's extra choice on its own line just above it.
        try run.answer("\r\n(or m to enter the SSID of a hidden network)\r\nSelect AP by number (0 to rescan) : ", with: "0")
        try run.expect("==== Scanning Wi-Fi APs ====")
        try run.answer("Select AP by number (0 to rescan) : ", with: "9")
        try run.expect("Invalid input! Retry")
        try run.answer("Select AP by number (0 to rescan) : ", with: "1")
        try run.answer("Enter passphrase for HomeNet : ", with: "")
        try run.expect("'HomeNet' is not an open network: a passphrase is needed")
        try run.answer("Enter passphrase for HomeNet : ", with: "secret123")
        try run.expect("==== Provisioning was successful ====")
        XCTAssertEqual(try run.wait(), 0, run.transcript)
        XCTAssertFalse(run.transcript.contains("secret123"), "the passphrase was echoed:\n\(run.transcript)")
    }

    func testHiddenNetworkByManualEntry() throws {
        let device = try DeviceProcess(["--network", "Hidden-Lab:lab-pass-1"])
        let run = try espProv(device, ["--sec2_username", "wifiprov", "--sec2_pwd", "abcd1234"])
        try run.answer("Select AP by number (0 to rescan) : ", with: "m")
        try run.answer("Enter the SSID of the network : ", with: "Hidden-Lab")
        try run.answer("Enter passphrase for Hidden-Lab : ", with: "lab-pass-1")
        try run.expect("==== Provisioning was successful ====")
        XCTAssertEqual(try run.wait(), 0, run.transcript)
        XCTAssertFalse(run.transcript.contains("lab-pass-1"), run.transcript)
    }

    func testSecretsArePromptedWithoutEcho() throws {
        let device = try DeviceProcess(["--network", "HomeNet:secret123"])
        let run = try espProv(device, ["--ssid", "HomeNet"])
        try run.answer("Security Scheme 2 - SRP6a Username required: ", with: "wifiprov")
        try run.answer("Security Scheme 2 - SRP6a Password required: ", with: "abcd1234")
        try run.answer("Enter passphrase for HomeNet : ", with: "secret123")
        try run.expect("==== Provisioning was successful ====")
        XCTAssertEqual(try run.wait(), 0, run.transcript)
        XCTAssertTrue(run.transcript.contains("wifiprov"), "the username is echoed like any input")
        XCTAssertFalse(run.transcript.contains("abcd1234"), run.transcript)
        XCTAssertFalse(run.transcript.contains("secret123"), run.transcript)
    }

    func testProofOfPossessionIsPromptedWithoutEcho() throws {
        let device = try DeviceProcess(["--sec_ver", "1", "--pop", "wrong-pop-99", "--network", "HomeNet:secret123"])
        let run = try espProv(device, ["--ssid", "HomeNet", "--passphrase", "secret123"])
        try run.answer("Proof of Possession required: ", with: "wrong-pop-99")
        try run.expect("==== Provisioning was successful ====")
        XCTAssertEqual(try run.wait(), 0, run.transcript)
        XCTAssertFalse(run.transcript.contains("wrong-pop-99"), run.transcript)
    }

    func testWithoutATerminalMissingSSIDIsAUsageError() throws {
        let device = try DeviceProcess(["--network", "HomeNet:secret123"])
        let result = try Binaries.run(
            "esp-prov", ["--transport", "softap", "--service_name", device.serviceName, "--sec2_username", "wifiprov",
                         "--sec2_pwd", "abcd1234", "--passphrase", "secret123"], stdin: "")
        XCTAssertEqual(result.status, 2, result.output)
        XCTAssertTrue(result.stderr.contains("missing --ssid"), result.output)
    }
}
