import ProvCrypto
import ProvDevice
import ProvMessages
import XCTest
import struct Foundation.Data

/// network_provisioning (docs/protocol.md §2.11): the Wi-Fi half is wire-identical; Thread builds answer Thread
/// commands and refuse Wi-Fi ones with InvalidArgument (and vice versa).
final class NetworkProvisioningTests: DeviceTestCase {
    private func threadDevice(_ adjust: (inout DeviceConfiguration) -> Void = { _ in }) async -> VirtualDevice {
        await makeDevice(fastConfiguration(generation: .netprov) {
            $0.networkType = .thread
            adjust(&$0)
        })
    }

    private func threadStatus(_ device: VirtualDevice) async throws -> [UInt8]? {
        await device.send("prov-config", try TestFixtures.message("NetworkConfigPayload CmdGetThreadStatus"))
    }

    func testWiFiBuildIsWireIdentical() async throws {
        let device = await makeDevice(fastConfiguration(generation: .netprov))
        let status = await device.send("prov-config", try TestFixtures.message("NetworkConfigPayload CmdGetWifiStatus (== WiFiConfigPayload CmdGetStatus bytes)"))
        XCTAssertEqual(status, try TestFixtures.message("WiFiConfigPayload RespGetStatus Connecting (no oneof)"))
        _ = await device.send("prov-config", try TestFixtures.message("WiFiConfigPayload CmdSetConfig"))
        let apply = await device.send("prov-config", Payloads.apply)
        XCTAssertEqual(apply, try TestFixtures.message("WiFiConfigPayload RespApplyConfig Success"))
        let connected = try TestFixtures.message("WiFiConfigPayload RespGetStatus Connected")
        await eventually("Connected") { await device.send("prov-config", Payloads.getStatus) == connected }
        let thread = try await threadStatus(device)
        XCTAssertEqual(thread, hex("08078a01020804"), "Thread command on a Wi-Fi build: InvalidArgument")
    }

    func testNetprovResetIsAllowedInStartedState() async throws {
        let device = await makeDevice(fastConfiguration(generation: .netprov))
        let reset = await device.send("prov-ctrl", Payloads.ctrlReset)
        XCTAssertEqual(reset, try TestFixtures.message("WiFiCtrlPayload RespCtrlReset Success"))
        let threadReset = await device.send("prov-ctrl", try TestFixtures.message("NetworkCtrlPayload CmdCtrlThreadReset"))
        XCTAssertEqual(threadReset, hex("08061004820100"))
    }

    func testThreadAttachWithTheFixtureDataset() async throws {
        let device = await threadDevice { $0.attachDelay = .milliseconds(300) }
        let set = await device.send("prov-config", try TestFixtures.message("NetworkConfigPayload CmdSetThreadConfig (esp_prov-style minimal dataset TLVs)"))
        XCTAssertEqual(set, try TestFixtures.message("NetworkConfigPayload RespSetThreadConfig"))
        let apply = await device.send("prov-config", try TestFixtures.message("NetworkConfigPayload CmdApplyThreadConfig"))
        XCTAssertEqual(apply, hex("080baa0100"))
        let attaching = try await threadStatus(device)
        XCTAssertEqual(attaching, hex("08078a01021001"))
        let attached = try TestFixtures.message("NetworkConfigPayload RespGetThreadStatus Attached")
        await eventually("Attached") { try! await self.threadStatus(device) == attached }
        await eventually("auto-stop") { await device.stopped }
        let wifi = await makeDevice(fastConfiguration(generation: .netprov) { $0.networkType = .thread })
        let refused = await wifi.send("prov-config", Payloads.getStatus)
        XCTAssertEqual(refused, hex("08015a020804"), "Wi-Fi command on a Thread build: InvalidArgument")
    }

    func testInvalidDatasetAndUnknownNetwork() async throws {
        let invalid = await threadDevice()
        _ = await invalid.send("prov-config", setThreadConfig([0x00, 0x05, 0x01]))
        _ = await invalid.send("prov-config", hex("080a"))
        let datasetInvalid = try TestFixtures.message("NetworkConfigPayload RespGetThreadStatus AttachingFailed/DatasetInvalid")
        await eventually("DatasetInvalid") { try! await self.threadStatus(invalid) == datasetInvalid }

        let unknown = await threadDevice { $0.attachTimeout = .milliseconds(600) }
        var tlvs = ThreadDataset.exampleTLVs
        tlvs[tlvs.count - 1] ^= 0xff  // another PAN ID
        _ = await unknown.send("prov-config", setThreadConfig(tlvs))
        _ = await unknown.send("prov-config", hex("080a"))
        try await Task.sleep(for: .milliseconds(100))
        let stillAttaching = try await threadStatus(unknown)
        XCTAssertEqual(stillAttaching, hex("08078a01021001"), "waits for the attach timeout")
        await eventually("ThreadNetworkNotFound") { try! await self.threadStatus(unknown) == hex("08078a010410035001") }
        let oversize = await unknown.send("prov-config", setThreadConfig(Array(repeating: 0, count: 255)))
        XCTAssertEqual(oversize, hex("08099a01020804"))
    }

    func testThreadScanMatchesTheFixture() async throws {
        let device = await threadDevice()
        let start = await device.send("prov-scan", try TestFixtures.message("NetworkScanPayload CmdScanThreadStart"))
        XCTAssertEqual(start, hex("08078a0100"))
        var request = NPNetworkScanPayload()
        request.msg = .typeCmdScanThreadResult
        request.cmdScanThreadResult = NPCmdScanThreadResult.with { $0.count = 1 }
        let result = await device.send("prov-scan", try request.serializedBytes())
        XCTAssertEqual(result, try TestFixtures.message("NetworkScanPayload RespScanThreadResult 1 entry"))
        let wifiScan = await device.send("prov-scan", Payloads.scanStart(blocking: true))
        XCTAssertEqual(wifiScan, hex("080110045a00"), "Wi-Fi scan on a Thread build: InvalidArgument")
    }

    private func setThreadConfig(_ dataset: [UInt8]) -> [UInt8] {
        var payload = NPNetworkConfigPayload()
        payload.msg = .typeCmdSetThreadConfig
        payload.cmdSetThreadConfig = NPCmdSetThreadConfig.with { $0.dataset = Data(dataset) }
        return try! payload.serializedBytes()
    }

    func testDatasetParsing() {
        let dataset = ThreadDataset(tlvs: ThreadDataset.exampleTLVs)
        XCTAssertEqual(dataset?.channel, 15)
        XCTAssertEqual(dataset?.panID, 0x1234)
        XCTAssertEqual(dataset?.extPanID, hex("dead00beef00cafe"))
        XCTAssertNil(ThreadDataset(tlvs: Array(ThreadDataset.exampleTLVs.dropLast())), "truncated TLV")
        XCTAssertNil(ThreadDataset(tlvs: Array(ThreadDataset.exampleTLVs.prefix(15))), "no network key")
    }
}
