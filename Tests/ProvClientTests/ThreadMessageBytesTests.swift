import Foundation
import ProvMessages
import TestSupport
import XCTest
@testable import ProvClient
import ProvTesting

/// network_provisioning's Thread messages on the wire (Fixtures/messages.json, docs/protocol.md Appendix A.3),
/// and the Thread run end to end against a scripted device, through security 0 so bytes are visible.
final class ThreadMessageBytesTests: XCTestCase {
    private var messages: [String: String] = [:]
    private static let threadVersion = #"{"prov":{"ver":"netprov-v1.2","sec_ver":0,"cap":["no_sec","thread_prov","thread_scan"]}}"#

    override func setUpWithError() throws {
        messages = try Fixtures.strings("messages.json", key: "messages")
    }

    private func fixture(_ key: String) throws -> [UInt8] { [UInt8](hex: try XCTUnwrap(messages[key], key)) }
    private func fixtureHex(_ key: String) throws -> String { try XCTUnwrap(messages[key], key) }

    private func session(_ transport: ScriptedTransport, version: String = threadVersion) async throws -> Session {
        let info = try DeviceInfo(parsing: Array(version.utf8))
        return try await Session.establish(over: transport, info: info, scheme: Security0())
    }

    private func sessionReply() throws -> [UInt8] { try fixture("SessionData/sec0 S0SessionResp (device)") }

    // MARK: Operations

    func testDatasetConfigAndStatusBytes() async throws {
        var statusReply = "NetworkConfigPayload RespGetThreadStatus Attached"
        let transport = ScriptedTransport { endpoint, request in
            switch (endpoint, request.hex) {
            case ("prov-session", _): return try self.sessionReply()
            case (_, "080a"): return [UInt8](hex: "080baa0100")
            case (_, "0806820100"): return try self.fixture(statusReply)
            default: return try self.fixture("NetworkConfigPayload RespSetThreadConfig")
            }
        }
        let session = try await session(transport)
        let dataset = try ThreadOperationalDataset(hex: "000300000f0208dead00beef00cafe051000112233445566778899aabbccddeeff01021234")
        try await session.setThreadDataset(dataset)
        try await session.applyThreadDataset()
        let attached = try await session.threadStatus()
        XCTAssertEqual(transport.requests.map(\.bytes.hex), [
            try fixtureHex("SessionData/sec0 S0SessionCmd (client)"),
            try fixtureHex("NetworkConfigPayload CmdSetThreadConfig (esp_prov-style minimal dataset TLVs)"),
            try fixtureHex("NetworkConfigPayload CmdApplyThreadConfig"),
            try fixtureHex("NetworkConfigPayload CmdGetThreadStatus"),
        ])
        XCTAssertEqual(attached, .joined(ThreadAttachment(
            panID: 0x1234, extendedPanID: [UInt8](hex: "dead00beef00cafe"), channel: 15, networkName: "OpenThread")))
        statusReply = "NetworkConfigPayload RespGetThreadStatus AttachingFailed/DatasetInvalid"
        let invalid = try await session.threadStatus()
        XCTAssertEqual(invalid, .failed(.datasetInvalid))
    }

    func testStatusDecodingOfEveryState() async throws {
        var reply = ""
        let transport = ScriptedTransport { endpoint, _ in
            endpoint == "prov-session" ? try self.sessionReply() : [UInt8](hex: reply)
        }
        let session = try await session(transport)
        let expectations: [(String, ThreadStatus)] = [
            ("08078a01021001", .joining(attemptsRemaining: nil)),
            ("08078a01021002", .disconnected),
            ("08078a010410035001", .failed(.networkNotFound)),
            ("08078a010410035007", .failed(.other(7))),
            ("08078a0102" + "1003", .failed(.other(-1))),
        ]
        for (hex, expected) in expectations {
            reply = hex
            let status = try await session.threadStatus()
            XCTAssertEqual(status, expected, hex)
        }
        reply = "08078a0100"  // Attached (0) without the network's details
        do {
            _ = try await session.threadStatus()
            XCTFail("Attached without details must be refused")
        } catch ProvError.protocolViolation {}
    }

    func testScanStartStatusAndPagesOfFour() async throws {
        let entries = (1...6).map { index in
            NPThreadScanResult.with {
                $0.panID = UInt32(0x1000 + index)
                $0.channel = UInt32(10 + index)
                $0.rssi = Int32(-40 - index)
                $0.lqi = UInt32(200 - index)
                $0.extAddr = Data(repeating: UInt8(index), count: 8)
                $0.networkName = "net-\(index)"
                $0.extPanID = Data(repeating: UInt8(0xa0 + index), count: 8)
            }
        }
        let transport = ScriptedTransport { endpoint, request in
            if endpoint == "prov-session" { return try self.sessionReply() }
            let command = try NPNetworkScanPayload(serializedBytes: request)
            switch command.msg {
            case .typeCmdScanThreadStart: return [UInt8](hex: "08078a0100")
            case .typeCmdScanThreadStatus: return [UInt8](hex: "08099a010408011006")
            default:
                let page = command.cmdScanThreadResult
                var response = NPNetworkScanPayload()
                response.msg = .typeRespScanThreadResult
                response.respScanThreadResult = NPRespScanThreadResult.with {
                    $0.entries = Array(entries[Int(page.startIndex)..<Int(page.startIndex + page.count)])
                }
                return try response.serializedBytes()
            }
        }
        let session = try await session(transport)
        let networks = try await session.scanThread()
        XCTAssertEqual(networks.map(\.networkName), (1...6).map { "net-\($0)" })
        XCTAssertEqual(networks.last?.panIDHex, "0x1006")
        XCTAssertEqual(networks.last?.extendedPanIDHex, "a6a6a6a6a6a6a6a6")
        let scanRequests = transport.requests.filter { $0.endpoint == "prov-scan" }.map(\.bytes.hex)
        XCTAssertEqual(scanRequests, [
            try fixtureHex("NetworkScanPayload CmdScanThreadStart"), "0808", "080aa201021004", "080aa2010408041002",
        ])
    }

    func testScanResultFixtureDecodes() async throws {
        let transport = ScriptedTransport { endpoint, request in
            switch (endpoint, request.hex) {
            case ("prov-session", _): return try self.sessionReply()
            case (_, "0808"): return [UInt8](hex: "08099a010408011001")
            case (_, "080aa201021001"): return try self.fixture("NetworkScanPayload RespScanThreadResult 1 entry")
            default: return [UInt8](hex: "08078a0100")
            }
        }
        let networks = try await session(transport).scanThread()
        XCTAssertEqual(networks, [ThreadNetwork(
            panID: 0x1234, channel: 15, rssi: -60, lqi: 200, extendedAddress: [UInt8](hex: "0011223344556677"),
            networkName: "OpenThread", extendedPanID: [UInt8](hex: "dead00beef00cafe"))])
    }

    func testControlUsesTheThreadVariantOnThreadDevicesOnly() async throws {
        var answer = "0806820100"
        let transport = ScriptedTransport { endpoint, _ in
            endpoint == "prov-session" ? try self.sessionReply() : [UInt8](hex: answer)
        }
        let thread = try await session(transport)
        try await thread.control(.reset)
        XCTAssertEqual(transport.requests.last?.bytes.hex, try fixtureHex("NetworkCtrlPayload CmdCtrlThreadReset"))
        answer = "0808920100"
        try await thread.control(.reprovision)
        XCTAssertEqual(transport.requests.last?.bytes.hex, "0807")
        answer = "08061004820100"
        do {
            try await thread.control(.reset)
            XCTFail("expected a refusal")
        } catch ProvError.deviceRefused(let message) {
            XCTAssertTrue(message.description.contains("after a failed attach attempt"), message.description)
        }

        answer = try fixtureHex("WiFiCtrlPayload RespCtrlReset Success")
        let wifiVersion = #"{"prov":{"ver":"netprov-v1.2","sec_ver":0,"cap":["no_sec","wifi_prov","wifi_scan"]}}"#
        let wifi = try await session(transport, version: wifiVersion)
        try await wifi.control(.reset)
        XCTAssertEqual(transport.requests.last?.bytes.hex, try fixtureHex("WiFiCtrlPayload CmdCtrlReset (esp_prov: no payload)"))
    }

    // MARK: Whole runs

    private func run(
        version: String, goal: ProvisioningRequest.Goal, interaction: ProvisioningInteraction = .nonInteractive,
        device: @escaping (String, [UInt8]) throws -> [UInt8]
    ) async -> (result: Result<ProvisioningOutcome, Error>, events: [ProvEvent], requests: [(endpoint: String, bytes: [UInt8])]) {
        let transport = ScriptedTransport { endpoint, request in
            switch endpoint {
            case "proto-ver": return Array(version.utf8)
            case "prov-session": return try self.sessionReply()
            default: return try device(endpoint, request)
            }
        }
        let events = EventLog()
        let provisioner = Provisioner(
            transport: transport, request: ProvisioningRequest(goal: goal, statusTimeout: .seconds(5)), interaction: interaction,
            onEvent: { events.append($0) })
        let result: Result<ProvisioningOutcome, Error>
        do {
            result = .success(try await provisioner.run())
        } catch {
            result = .failure(error)
        }
        return (result, events.all, transport.requests)
    }

    func testChoosingTheLastRowSendsThatNetworksDataset() async throws {
        let rows: [ThreadNetwork] = (1...5).map { (index: Int) -> ThreadNetwork in
            let byte = UInt8(index)
            return ThreadNetwork(
                panID: UInt16(index) * 0x11, channel: UInt32(index) + 10, rssi: -50, lqi: 100,
                extendedAddress: [UInt8](repeating: byte, count: 8), networkName: "",
                extendedPanID: [UInt8](repeating: 0xb0 + byte, count: 8))
        }
        let entries = rows.map { row in
            NPThreadScanResult.with {
                $0.panID = UInt32(row.panID)
                $0.channel = row.channel
                $0.rssi = row.rssi
                $0.lqi = row.lqi
                $0.extAddr = Data(row.extendedAddress)
                $0.extPanID = Data(row.extendedPanID)
            }
        }
        let interaction = ProvisioningInteraction(
            secret: { prompt in
                guard case .threadNetworkKey(let network) = prompt else { throw ProvError.usage("unexpected \(prompt)") }
                XCTAssertEqual(network, rows[4])
                return "000102030405060708090a0b0c0d0e0f"
            },
            chooseNetwork: { _ in .rescan },
            chooseThreadNetwork: { networks in
                XCTAssertEqual(networks, rows)
                return .network(networks[4])
            })
        let outcome = await run(version: Self.threadVersion, goal: .wifi(ssid: nil, passphrase: nil), interaction: interaction) { endpoint, request in
            if endpoint == "prov-scan" {
                let command = try NPNetworkScanPayload(serializedBytes: request)
                switch command.msg {
                case .typeCmdScanThreadStart: return [UInt8](hex: "08078a0100")
                case .typeCmdScanThreadStatus: return [UInt8](hex: "08099a010408011005")
                default:
                    let page = command.cmdScanThreadResult
                    return try NPNetworkScanPayload.with {
                        $0.msg = .typeRespScanThreadResult
                        $0.respScanThreadResult = NPRespScanThreadResult.with {
                            $0.entries = Array(entries[Int(page.startIndex)..<Int(page.startIndex + page.count)])
                        }
                    }.serializedBytes()
                }
            }
            switch request.hex {
            case "080a": return [UInt8](hex: "080baa0100")
            case "0806820100":
                return try NPNetworkConfigPayload.with {
                    $0.msg = .typeRespGetThreadStatus
                    $0.respGetThreadStatus = NPRespGetThreadStatus.with {
                        $0.threadState = .attached
                        $0.threadAttached = NPThreadAttachState.with {
                            $0.panID = 0x55
                            $0.extPanID = Data(rows[4].extendedPanID)
                            $0.channel = 15
                            $0.name = "Fifth"
                        }
                    }
                }.serializedBytes()
            default: return [UInt8](hex: "08099a0100")
            }
        }
        guard case .success(.attached(let attachment)) = outcome.result else { return XCTFail("\(outcome.result)") }
        XCTAssertEqual(attachment.networkName, "Fifth")
        let configRequests = outcome.requests.filter { $0.endpoint == "prov-config" }
        let set = try XCTUnwrap(configRequests.first)
        let payload = try NPNetworkConfigPayload(serializedBytes: set.bytes)
        XCTAssertEqual(
            Array(payload.cmdSetThreadConfig.dataset).hex,
            "000300000f" + "0208b5b5b5b5b5b5b5b5" + "0510000102030405060708090a0b0c0d0e0f" + "01020055",
            "row 5: channel 15, its extended PAN ID, PAN ID 0x0055 as two bytes")
        XCTAssertTrue(outcome.events.contains { if case .threadScanned(let seen, _) = $0 { return seen == rows } else { return false } })
    }

    func testDeviceWithoutThreadScanIsAskedForTheWholeDataset() async throws {
        let version = #"{"prov":{"ver":"netprov-v1.2","sec_ver":0,"cap":["no_sec","thread_prov"]}}"#
        let hex = "000300000f0208dead00beef00cafe051000112233445566778899aabbccddeeff01021234"
        let interaction = ProvisioningInteraction(
            secret: { prompt in
                XCTAssertEqual(prompt, .threadDataset)
                return hex
            },
            chooseNetwork: { _ in .rescan },
            chooseThreadNetwork: { _ in throw ProvError.usage("no scan on this device") })
        let outcome = await run(version: version, goal: .wifi(ssid: nil, passphrase: nil), interaction: interaction) { _, request in
            switch request.hex {
            case "080a": return [UInt8](hex: "080baa0100")
            case "0806820100": return try self.fixture("NetworkConfigPayload RespGetThreadStatus Attached")
            default: return try self.fixture("NetworkConfigPayload RespSetThreadConfig")
            }
        }
        guard case .success(.attached) = outcome.result else { return XCTFail("\(outcome.result)") }
        XCTAssertFalse(outcome.requests.contains { $0.endpoint == "prov-scan" })
        XCTAssertEqual(
            outcome.requests.first { $0.endpoint == "prov-config" }?.bytes.hex,
            try fixtureHex("NetworkConfigPayload CmdSetThreadConfig (esp_prov-style minimal dataset TLVs)"))
    }

    func testDatasetTheDeviceCannotParseEndsWithItsReason() async throws {
        let dataset = ThreadOperationalDataset(uncheckedTLVs: [0x00, 0x05, 0x01])
        let outcome = await run(version: Self.threadVersion, goal: .thread(dataset: dataset)) { _, request in
            switch request.hex {
            case "080a": return [UInt8](hex: "080baa01020805")  // InternalError: OpenThread refused it
            case "0806820100": return try self.fixture("NetworkConfigPayload RespGetThreadStatus AttachingFailed/DatasetInvalid")
            default: return try self.fixture("NetworkConfigPayload RespSetThreadConfig")
            }
        }
        guard case .failure(let error as ProvError) = outcome.result else { return XCTFail("\(outcome.result)") }
        guard case .threadAttachFailed = error else { return XCTFail("\(error)") }
        XCTAssertTrue("\(error)".contains("Invalid Dataset"), "\(error)")
        XCTAssertTrue(outcome.events.contains { if case .threadState(.failed(.datasetInvalid), _) = $0 { return true } else { return false } })
    }

    func testNetworkNotFoundHasItsOwnCode() async throws {
        let dataset = try ThreadOperationalDataset(hex: "000300000f0208dead00beef00cafe051000112233445566778899aabbccddeeff01021234")
        let outcome = await run(version: Self.threadVersion, goal: .thread(dataset: dataset)) { _, request in
            switch request.hex {
            case "080a": return [UInt8](hex: "080baa0100")
            case "0806820100": return [UInt8](hex: "08078a010410035001")
            default: return try self.fixture("NetworkConfigPayload RespSetThreadConfig")
            }
        }
        guard case .failure(let error as ProvError) = outcome.result else { return XCTFail("\(outcome.result)") }
        guard case .threadNetworkNotFound = error else { return XCTFail("\(error)") }
        XCTAssertTrue("\(error)".contains("PAN ID 0x1234 on channel 15"), "\(error)")
    }

    func testGoalAndDeviceNetworkMustAgreeBeforeTheSession() async throws {
        let dataset = try ThreadOperationalDataset(hex: "000300000f0208dead00beef00cafe051000112233445566778899aabbccddeeff01021234")
        let wifiVersion = #"{"prov":{"ver":"v1.1","sec_ver":0,"cap":["no_sec","wifi_scan"]}}"#
        let toWiFi = await run(version: wifiVersion, goal: .thread(dataset: dataset)) { _, _ in [] }
        guard case .failure(ProvError.unsupported(let message)) = toWiFi.result else { return XCTFail("\(toWiFi.result)") }
        XCTAssertEqual(ProvError.unsupported(message).remedies, [.giveSSIDNotDataset], message.description)
        XCTAssertEqual(toWiFi.requests.map(\.endpoint), ["proto-ver"])

        let ssidToThread = await run(version: Self.threadVersion, goal: .wifi(ssid: "HomeNet", passphrase: "x")) { _, _ in [] }
        guard case .failure(ProvError.usage(let usage)) = ssidToThread.result else { return XCTFail("\(ssidToThread.result)") }
        XCTAssertEqual(ProvError.usage(usage).remedies, [.giveDatasetNotSSID], usage.description)
        XCTAssertEqual(ssidToThread.requests.map(\.endpoint), ["proto-ver"])

        let unattended = await run(version: Self.threadVersion, goal: .wifi(ssid: nil, passphrase: nil)) { _, request in
            request.first == 0x08 && request.count > 1 && request[1] == 0x06 ? [UInt8](hex: "08078a0100") : [UInt8](hex: "08099a010408011000")
        }
        guard case .failure(ProvError.missing(.threadNetwork, _)) = unattended.result else { return XCTFail("\(unattended.result)") }
    }

    func testNetprovWiFiWithoutWiFiProvCapabilityWarnsLikeEspProv() async throws {
        let cases = [
            (#"{"prov":{"ver":"netprov-v1.2","sec_ver":0,"cap":["no_sec","wifi_scan"]}}"#, true),
            (#"{"prov":{"ver":"netprov-v1.2","sec_ver":0,"cap":["no_sec","wifi_prov","wifi_scan"]}}"#, false),
            (#"{"prov":{"ver":"v1.1","sec_ver":0,"cap":["no_sec","wifi_scan"]}}"#, false),
        ]
        for (version, warns) in cases {
            let outcome = await run(version: version, goal: .sessionOnly) { _, _ in [] }
            let warnings = outcome.events.compactMap { if case .warning(let text) = $0 { return text } else { return nil } }
            XCTAssertEqual(warnings.isEmpty, !warns, version)
            if warns { XCTAssertTrue(warnings[0].hasPrefix(#"Use wifi_provisioning for device without "wifi_prov" capabilities"#)) }
        }
    }
}

private final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [ProvEvent] = []
    func append(_ event: ProvEvent) { lock.withLock { events.append(event) } }
    var all: [ProvEvent] { lock.withLock { events } }
}
