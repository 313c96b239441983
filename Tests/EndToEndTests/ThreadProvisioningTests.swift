import Foundation
import TestSupport
import XCTest
@testable import ProvClient
import ProvHTTP

/// network_provisioning Thread devices, end to end over HTTP against `esp-prov-device --generation
/// netprov --network_type thread`: a given dataset, scan and choose (first and last rows), the key
/// prompt without echo, datasets refused by esp-prov or by the device, network not found, reset and
/// reprov, and the JSON events. The device attaches only with the dataset of its `--thread_dataset`,
/// so an attach proves which network's dataset was applied.
final class ThreadProvisioningTests: EndToEndCase {
    /// Never allowed in any output.
    static let networkKey = "5ec12e7b5ec12e7b5ec12e7b5ec12e7b"

    private struct Network {
        let name: String
        let panID: UInt16
        let channel: UInt16
        let rssi: Int
        let lqi: Int
        let extAddr: String
        let extPanID: String

        /// The minimal dataset esp-prov builds for this network and `networkKey`.
        var dataset: String {
            "000300" + String(format: "%04x", channel) + "0208" + extPanID + "0510" + ThreadProvisioningTests.networkKey
                + "0102" + String(format: "%04x", panID)
        }

        var json: String {
            #"{"pan_id": \#(panID), "channel": \#(channel), "rssi": \#(rssi), "lqi": \#(lqi), "ext_addr": "\#(extAddr)", "#
                + #""network_name": "\#(name)", "ext_pan_id": "\#(extPanID)"}"#
        }
    }

    /// Strongest first, so the device's order is the file's order.
    private let networks = [
        Network(name: "Alpha-Net", panID: 0x1a2b, channel: 15, rssi: -40, lqi: 220, extAddr: "a1a1a1a1a1a1a1a1", extPanID: "1111111111111111"),
        Network(name: "Beta", panID: 0x2345, channel: 20, rssi: -60, lqi: 150, extAddr: "b2b2b2b2b2b2b2b2", extPanID: "2222222222222222"),
        Network(name: "Gamma", panID: 0x00ab, channel: 25, rssi: -75, lqi: 90, extAddr: "c3c3c3c3c3c3c3c3", extPanID: "3333333333333333"),
    ]

    private func scanFile() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thread-scan-\(UUID().uuidString).json")
        try Data(("[" + networks.map(\.json).joined(separator: ",") + "]").utf8).write(to: url)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    /// A Thread build that can attach to `joinable`'s network only.
    private func threadDevice(joinable: Int = 0, _ extra: [String] = []) throws -> DeviceProcess {
        try device([
            "--generation", "netprov", "--network_type", "thread", "--thread_scan_results", try scanFile(),
            "--thread_dataset", networks[joinable].dataset, "--attach_delay", "0.3", "--attach_timeout", "2",
        ] + extra)
    }

    private func assertNoKey(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(text.contains(Self.networkKey), "the network key leaked:\n\(text)", file: file, line: line)
    }

    private func jsonEvents(_ text: String) throws -> [[String: Any]] {
        try text.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("{\"") }.map { line in
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
        }
    }

    // MARK: A given dataset

    func testGivenDatasetAttachesWithEspProvLines() throws {
        let device = try threadDevice()
        let result = try espProv(sec2 + ["-v", "--dataset_tlvs", networks[0].dataset], device: device, expect: 0)
        for line in [
            "==== Provisioning manager: network_provisioning (Thread) ====", "==== Session Established ====",
            "==== Sending Thread Dataset to Target ====", "==== Thread Dataset sent successfully ====",
            "==== Applying Thread Config to Target ====", "==== Apply config sent successfully ====",
            "==== Thread connection state  ====", "==== Thread state: Attached ====", "==== Provisioning was successful ====",
        ] {
            XCTAssertTrue(result.stdout.contains(line), "missing '\(line)':\n\(result.output)")
        }
        XCTAssertTrue(result.stdout.contains("network 'Alpha-Net', PAN ID 0x1a2b"), result.output)
        assertNoKey(result.output)
    }

    func testDatasetFromAFileOrTheEnvironment() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dataset-\(UUID().uuidString).txt")
        try Data((networks[1].dataset + "\n").utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let fromFile = try espProv(sec2 + ["--dataset_tlvs_file", url.path], device: try threadDevice(joinable: 1), expect: 0)
        XCTAssertTrue(fromFile.stdout.contains("==== Thread state: Attached ===="), fromFile.output)
        let fromEnvironment = try espProv(
            sec2, device: try threadDevice(joinable: 2), environment: ["ESP_PROV_DATASET_TLVS": networks[2].dataset], expect: 0)
        XCTAssertTrue(fromEnvironment.stdout.contains("==== Provisioning was successful ===="), fromEnvironment.output)
        assertNoKey(fromFile.output + fromEnvironment.output)
    }

    // MARK: Refused datasets

    func testMalformedDatasetsAreRefusedBeforeAnyDeviceIsContacted() throws {
        let good = networks[0].dataset
        let cases: [(String, String)] = [
            (String(good.dropLast(2)), "the dataset is truncated: the PAN ID (type 1) TLV at offset 33 declares 2 bytes but only 1 remain"),
            (good + "f", "75 hex digits is an odd number"),
            ("000300000f0208" + networks[0].extPanID + "01021a2b", "lacks mandatory TLVs: Network Key (type 5)"),
            ("0003000005" + good.dropFirst(10), "names page 0 channel 5; Thread uses channel page 0, channels 11-26"),
            (good + "0e0400000000", "the Active Timestamp (type 14) TLV at offset 37 is 4 bytes long; it must be 8"),
            (good.replacingOccurrences(of: "0208", with: "02ff"), "length 0xFF (the extended form)"),
            ("00030000zz", "character 9 is 'z'"),
        ]
        for (hex, message) in cases {
            // Nothing listens on port 1: reaching for the device would be exit 3, not 2.
            let result = try espProv(
                ["--transport", "softap", "--service_name", "127.0.0.1:1", "--sec_ver", "0", "--dataset_tlvs", hex], expect: 2)
            XCTAssertTrue(result.stderr.contains("invalid --dataset_tlvs: "), result.output)
            XCTAssertTrue(result.stderr.contains(message), "expected '\(message)' in:\n\(result.output)")
            assertNoKey(result.output)
        }
    }

    /// esp-prov never sends such a dataset; the library does when told to, to show what the device does
    /// (network_provisioning fails ApplyThreadConfig and reports DatasetInvalid) and what a run makes of it.
    func testDatasetTheDeviceCannotParseIsAThreadAttachFailure() async throws {
        let device = try threadDevice()
        let transport = HTTPTransport(options: HTTPTransportOptions(address: ServiceAddress(host: "127.0.0.1", port: device.port)))
        let request = ProvisioningRequest(
            goal: .thread(dataset: ThreadOperationalDataset(uncheckedTLVs: [0x00, 0x05, 0x01])), security: .sec2,
            credentials: CredentialCandidates(username: "wifiprov", password: "abcd1234"), statusTimeout: .seconds(10))
        var states: [ThreadStatus] = []
        do {
            for try await event in Provisioner.events(transport: transport, request: request) {
                if case .threadState(let status, _) = event { states.append(status) }
            }
            XCTFail("the device accepted an unparsable dataset")
        } catch let error as ProvError {
            guard case .threadAttachFailed = error else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("Invalid Dataset"), "\(error)")
        }
        await transport.close()
        XCTAssertEqual(states, [.failed(.datasetInvalid)])
        let log = device.stop()
        XCTAssertTrue(log.contains("Thread attach failed: invalid dataset"), log)
        XCTAssertFalse(log.contains("Thread dataset applied"), log)
    }

    /// What a program reads when the device finds no network for the dataset: the typed failure it
    /// reported and the network it looked for (named without its key), not words.
    func testNetworkNotFoundCarriesTheReportedFailureAndTheNetwork() async throws {
        let device = try threadDevice(joinable: 0)
        let transport = HTTPTransport(options: HTTPTransportOptions(address: ServiceAddress(host: "127.0.0.1", port: device.port)))
        let request = ProvisioningRequest(
            goal: .thread(dataset: try ThreadOperationalDataset(hex: networks[1].dataset)), security: .sec2,
            credentials: CredentialCandidates(username: "wifiprov", password: "abcd1234"), statusTimeout: .seconds(10))
        do {
            for try await _ in Provisioner.events(transport: transport, request: request) {}
            XCTFail("the device attached to a network it cannot find")
        } catch ProvError.threadNetworkNotFound(let failure) {
            guard case .reported(.networkNotFound, let network) = failure.failure else { return XCTFail("\(failure.failure)") }
            XCTAssertTrue(network.hasSuffix("on channel 20"), network)
            assertNoKey(network)
            XCTAssertTrue(failure.description.hasPrefix("Thread network not found: the device could not attach to \(network) "),
                          failure.description)
        }
        await transport.close()
    }

    func testNetworkNotFoundAfterTheAttachTimeout() throws {
        let device = try threadDevice(joinable: 0)
        let result = try espProv(sec2 + ["--dataset_tlvs", networks[1].dataset], device: device, expect: 13)
        XCTAssertTrue(result.stdout.contains("==== Thread state: Attaching ===="), result.output)
        XCTAssertTrue(result.stdout.contains("---- Failure reason: Network Not Found ----"), result.output)
        XCTAssertTrue(result.stdout.contains("---- Provisioning failed! ----"), result.output)
        XCTAssertTrue(result.stderr.contains("Thread network not found"), result.output)
        XCTAssertTrue(result.stderr.contains("PAN ID 0x2345 on channel 20"), result.output)
        assertNoKey(result.output)
    }

    func testStillAttachingWhenTimeoutPassesIsATimeout() throws {
        let device = try threadDevice(joinable: 0, ["--attach_timeout", "30"])
        let result = try espProv(sec2 + ["--dataset_tlvs", networks[1].dataset, "--timeout", "1.5"], device: device, expect: 7)
        XCTAssertTrue(result.stderr.contains("still attaching"), result.output)
    }

    // MARK: Scan and choose

    func testChooseTheFirstRowAfterRescanBadInputAndABadKey() throws {
        let device = try threadDevice(joinable: 0)
        let run = try InteractiveProcess(
            "esp-prov", ["--transport", "softap", "--service_name", device.serviceName] + sec2, pseudoTerminal: true,
            environment: ["NO_COLOR": "1"])
        try run.expect("==== Scanning Thread Networks ====")
        try run.expect("==== Thread Scan results ====")
        try run.expect("S.N. PAN ID   EXT PAN ID         NAME               EXT ADDR           CHN  RSSI LQI             ")
        try run.expect("[ 1] 0x1a2b   1111111111111111   Alpha-Net          a1a1a1a1a1a1a1a1   15   -40  220             ")
        try run.answer("Select Network by number (0 to rescan) : ", with: "4")
        try run.expect("Invalid input! Retry")
        try run.answer("Select Network by number (0 to rescan) : ", with: "0")
        try run.expect("==== Scanning Thread Networks ====")
        try run.answer("Select Network by number (0 to rescan) : ", with: "1")
        try run.answer("Enter Thread network key string : ", with: "5ec12e7b")
        try run.expect("invalid Thread network key: expected 32 hex digits (16 bytes), got 8")
        try run.answer("Enter Thread network key string : ", with: Self.networkKey)
        try run.expect("==== Sending Thread Dataset to Target ====")
        try run.expect("==== Provisioning was successful ====")
        XCTAssertEqual(try run.wait(), 0, run.transcript)
        assertNoKey(run.transcript)
        XCTAssertFalse(run.transcript.contains("5ec12e7b"), "the key was echoed:\n\(run.transcript)")
    }

    /// The last row, whose PAN ID is below 0x100 (esp_prov would index past its list and build a
    /// malformed PAN ID TLV), with `--json`: the table and prompts go to stderr, events to stdout.
    func testChooseTheLastRowWithASmallPanIDAndJSONEvents() throws {
        let device = try threadDevice(joinable: 2)
        let run = try InteractiveProcess(
            "esp-prov", ["--transport", "softap", "--service_name", device.serviceName, "--json"] + sec2, pseudoTerminal: true)
        try run.expect("[ 3] 0x00ab   3333333333333333   Gamma              c3c3c3c3c3c3c3c3   25   -75  90              ")
        try run.answer("Select Network by number (0 to rescan) : ", with: "3")
        try run.answer("Enter Thread network key string : ", with: Self.networkKey)
        XCTAssertEqual(try run.wait(), 0, run.transcript)
        assertNoKey(run.transcript)
        let events = try jsonEvents(run.transcript)
        let scan = try XCTUnwrap(events.first { $0["event"] as? String == "thread_scan_results" })
        let seen = try XCTUnwrap(scan["networks"] as? [[String: Any]])
        XCTAssertEqual(seen.compactMap { $0["network_name"] as? String }, ["Alpha-Net", "Beta", "Gamma"])
        XCTAssertEqual(seen.last?["pan_id"] as? Int, 0xab)
        XCTAssertEqual(seen.last?["pan_id_hex"] as? String, "0x00ab")
        let sent = try XCTUnwrap(events.first { $0["event"] as? String == "dataset_sent" })
        XCTAssertEqual(sent["pan_id"] as? Int, 0xab)
        XCTAssertEqual(sent["ext_pan_id"] as? String, "3333333333333333")
        XCTAssertEqual(sent["channel"] as? Int, 25)
        XCTAssertEqual(sent["network_name"] as? String, "Gamma")
        let result = try XCTUnwrap(events.last)
        XCTAssertEqual(result["outcome"] as? String, "attached")
        XCTAssertEqual((result["thread_network"] as? [String: Any])?["network_name"] as? String, "Gamma")
    }

    // MARK: Goals that do not fit the device

    func testFlagsThatDoNotFitAThreadDevice() throws {
        let device = try threadDevice()
        let unattended = try espProv(sec2, device: device, expect: 2)
        XCTAssertTrue(unattended.stderr.contains("--dataset_tlvs"), unattended.output)
        let ssid = try espProv(sec2 + ["--ssid", "HomeNet", "--passphrase", "secret123"], device: device, expect: 2)
        XCTAssertTrue(ssid.stderr.contains("pass --dataset_tlvs instead of --ssid"), ssid.output)
        let both = try espProv(sec2 + ["--ssid", "HomeNet", "--dataset_tlvs", networks[0].dataset], device: device, expect: 2)
        XCTAssertTrue(both.stderr.contains("cannot be combined"), both.output)
        let wifiDevice = try self.device(["--network", "HomeNet:secret123"])
        let toWiFi = try espProv(sec2 + ["--dataset_tlvs", networks[0].dataset], device: wifiDevice, expect: 9)
        XCTAssertTrue(toWiFi.stderr.contains("the device provisions Wi-Fi"), toWiFi.output)
        assertNoKey(unattended.output + ssid.output + both.output + toWiFi.output)
    }

    // MARK: prov-ctrl

    func testThreadResetAndReprovisionUseTheThreadCommands() throws {
        let reset = try espProv(sec2 + ["--reset"], device: try threadDevice(), expect: 0)
        XCTAssertTrue(reset.stdout.contains("==== Resetting Thread===="), reset.output)
        XCTAssertTrue(reset.stdout.contains("==== Reset command accepted ===="), reset.output)

        let reprov = try espProv(sec2 + ["--reprov"], device: try threadDevice(joinable: 0, ["--no_auto_stop"]), expect: 0)
        XCTAssertTrue(reprov.stdout.contains("==== Reprovisioning Thread===="), reprov.output)

        let refused = try espProv(sec2 + ["--reprov", "--json"], device: try threadDevice(), expect: 8)
        let last = try XCTUnwrap(try jsonEvents(refused.stdout).last)
        XCTAssertEqual(last["error"] as? String, "protocol")
        XCTAssertTrue((last["message"] as? String)?.contains("auto-stop") == true, refused.output)
    }

    // MARK: JSON

    func testJSONEventsOfAnAttachAndOfANetworkNotFound() throws {
        let attached = try espProv(sec2 + ["--json", "--dataset_tlvs", networks[0].dataset], device: try threadDevice(), expect: 0)
        let events = try jsonEvents(attached.stdout)
        let names = events.compactMap { $0["event"] as? String }
        XCTAssertEqual(Array(names.prefix(6)), ["start", "device_info", "security", "session_established", "dataset_sent", "config_applied"])
        XCTAssertEqual(names.last, "result")
        let info = events[1]
        XCTAssertEqual(info["manager"] as? String, "network_provisioning")
        XCTAssertEqual(info["network"] as? String, "thread")
        XCTAssertEqual(events[5]["network"] as? String, "thread")
        let sent = events[4]
        XCTAssertEqual(sent["pan_id_hex"] as? String, "0x1a2b")
        XCTAssertEqual(sent["tlv_types"] as? [Int], [0, 2, 5, 1])
        XCTAssertEqual(sent["length"] as? Int, 37)
        let states = events.filter { $0["event"] as? String == "thread_status" }
        XCTAssertEqual(states.last?["state"] as? String, "attached")
        XCTAssertNotNil(states.last?["since_apply"])
        let result = try XCTUnwrap(events.last)
        XCTAssertEqual(result["ok"] as? Bool, true)
        XCTAssertEqual(result["outcome"] as? String, "attached")
        let network = try XCTUnwrap(result["thread_network"] as? [String: Any])
        XCTAssertEqual(network["pan_id"] as? Int, 0x1a2b)
        XCTAssertEqual(network["ext_pan_id"] as? String, "1111111111111111")
        XCTAssertEqual(network["channel"] as? Int, 15)
        XCTAssertEqual(network["network_name"] as? String, "Alpha-Net")
        XCTAssertEqual(attached.stderr, "", "nothing but JSON is printed")

        let notFound = try espProv(sec2 + ["--json", "--dataset_tlvs", networks[1].dataset], device: try threadDevice(), expect: 13)
        let failure = try jsonEvents(notFound.stdout)
        let lastState = try XCTUnwrap(failure.last { $0["event"] as? String == "thread_status" })
        XCTAssertEqual(lastState["state"] as? String, "failed")
        XCTAssertEqual(lastState["reason"] as? String, "network_not_found")
        let last = try XCTUnwrap(failure.last)
        XCTAssertEqual(last["error"] as? String, "thread_not_found")
        XCTAssertEqual(last["exit_code"] as? Int, 13)
        assertNoKey(attached.output + notFound.output)
    }
}
