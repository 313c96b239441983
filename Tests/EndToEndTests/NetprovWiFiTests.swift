import Foundation
import TestSupport
import XCTest

/// Wi-Fi through network_provisioning (ESP-IDF 6): the messages are wire-identical to
/// wifi_provisioning's, so the classic flow must work unchanged against `--generation netprov`,
/// whose device decodes them as `NetworkConfigPayload` / `NetworkScanPayload` / `NetworkCtrlPayload`.
final class NetprovWiFiTests: EndToEndCase {

    private func netprovDevice(_ extra: [String] = []) throws -> DeviceProcess {
        try device(["--generation", "netprov", "--network", "HomeNet:secret123"] + extra)
    }

    func testProvisioningNamesTheManager() throws {
        let result = try espProv(sec2 + ["--ssid", "HomeNet", "--passphrase", "secret123"], device: try netprovDevice(), expect: 0)
        XCTAssertTrue(result.stdout.contains("==== Provisioning manager: network_provisioning (Wi-Fi) ===="), result.output)
        XCTAssertTrue(result.stdout.contains("==== WiFi state: Connected ===="), result.output)
        XCTAssertTrue(result.stdout.contains("==== Provisioning was successful ===="), result.output)
        XCTAssertFalse(result.stdout.contains("wifi_prov\" capabilities"), "a netprov device with wifi_prov gets no warning")

        let classic = try espProv(sec2 + ["--ssid", "HomeNet", "--passphrase", "secret123"], device: try device(["--network", "HomeNet:secret123"]), expect: 0)
        XCTAssertTrue(classic.stdout.contains("==== Provisioning manager: wifi_provisioning (Wi-Fi) ===="), classic.output)
    }

    func testWrongPasswordAndJSONAreTheClassicOnes() throws {
        let wrong = try espProv(sec2 + ["--ssid", "HomeNet", "--passphrase", "s3cr3t-PW"], device: try netprovDevice(), expect: 5)
        XCTAssertTrue(wrong.stdout.contains("---- Failure reason: Incorrect Password ----"), wrong.output)

        let json = try espProv(sec2 + ["--json", "--ssid", "HomeNet", "--passphrase", "secret123"], device: try netprovDevice(), expect: 0)
        let events = try json.stdout.split(separator: "\n").map {
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let info = try XCTUnwrap(events.first { $0["event"] as? String == "device_info" })
        XCTAssertEqual(info["manager"] as? String, "network_provisioning")
        XCTAssertEqual(info["network"] as? String, "wifi")
        XCTAssertEqual(info["version"] as? String, "netprov-v1.2")
        XCTAssertEqual(events.last?["outcome"] as? String, "provisioned")
        XCTAssertFalse(events.contains { $0["event"] as? String == "warning" })
    }

    func testResetUsesTheWiFiCommand() throws {
        // network_provisioning ≥ 1.2.1 accepts a reset in the STARTED state.
        let reset = try espProv(sec2 + ["--reset"], device: try netprovDevice(), expect: 0)
        XCTAssertTrue(reset.stdout.contains("==== Resetting WiFi===="), reset.output)
        XCTAssertTrue(reset.stdout.contains("==== Reset command accepted ===="), reset.output)
    }

    func testScanAndChooseOverNetworkProvisioning() throws {
        let device = try netprovDevice()
        let run = try InteractiveProcess(
            "esp-prov", ["--transport", "softap", "--service_name", device.serviceName] + sec2, pseudoTerminal: true,
            environment: ["NO_COLOR": "1"])
        try run.expect("==== Scanning Wi-Fi APs ====")
        try run.expect("S.N. SSID                              BSSID         CHN RSSI AUTH            ")
        try run.answer("Select AP by number (0 to rescan) : ", with: "1")
        try run.answer("Enter passphrase for HomeNet : ", with: "secret123")
        try run.expect("==== Provisioning was successful ====")
        XCTAssertEqual(try run.wait(), 0, run.transcript)
        XCTAssertFalse(run.transcript.contains("secret123"), run.transcript)
    }
}
