import ProvDevice
import ProvMessages
import XCTest
import struct Foundation.Data

/// The Thread build judges a dataset as network_provisioning does: OpenThread parses it on
/// ApplyThreadConfig (`otDatasetParseTlvs`), and one it cannot parse fails the apply with
/// InternalError and reports AttachingFailed/DatasetInvalid at once. A dataset that parses but
/// lacks what joining needs is not "invalid": it simply finds no network (ThreadNetworkNotFound).
final class ThreadDatasetStrictnessTests: DeviceTestCase {
    private let example = ThreadDataset.exampleTLVs
    private let applyFailed: [UInt8] = [0x08, 0x0b, 0xaa, 0x01, 0x02, 0x08, 0x05]
    private let datasetInvalid: [UInt8] = [0x08, 0x07, 0x8a, 0x01, 0x04, 0x10, 0x03, 0x50, 0x00]
    private let networkNotFound: [UInt8] = [0x08, 0x07, 0x8a, 0x01, 0x04, 0x10, 0x03, 0x50, 0x01]

    private func threadDevice() async -> VirtualDevice {
        await makeDevice(fastConfiguration(generation: .netprov) { $0.networkType = .thread })
    }

    private func setAndApply(_ dataset: [UInt8], on device: VirtualDevice) async -> [UInt8]? {
        var set = NPNetworkConfigPayload()
        set.msg = .typeCmdSetThreadConfig
        set.cmdSetThreadConfig = NPCmdSetThreadConfig.with { $0.dataset = Data(dataset) }
        _ = await device.send("prov-config", try! set.serializedBytes())
        return await device.send("prov-config", [0x08, 0x0a])
    }

    private func status(_ device: VirtualDevice) async -> [UInt8]? {
        await device.send("prov-config", [0x08, 0x06, 0x82, 0x01, 0x00])
    }

    func testUnparsableDatasetsFailTheApplyAndReportDatasetInvalidAtOnce() async {
        let unparsable: [String: [UInt8]] = [
            "truncated": Array(example.dropLast()),
            "extended length": [0x00, 0xff] + example,
            "duplicate PAN ID": example + [0x01, 0x02, 0x12, 0x34],
            "channel 5": [0x00, 0x03, 0x00, 0x00, 0x05] + example.dropFirst(5),
            "short extended PAN ID": [0x02, 0x07] + Array(repeating: 0, count: 7) + example,
            "empty network name": example + [0x03, 0x00],
        ]
        for (name, dataset) in unparsable {
            let device = await threadDevice()
            let apply = await setAndApply(dataset, on: device)
            XCTAssertEqual(apply, applyFailed, name)
            let reported = await status(device)
            XCTAssertEqual(reported, datasetInvalid, name)
        }
    }

    func testAParsableDatasetWithoutTheKeyFindsNoNetwork() async {
        let device = await threadDevice()
        let withoutKey = Array(example.prefix(15)) + Array(example.suffix(4))
        XCTAssertTrue(ThreadDataset.isParsable(withoutKey))
        XCTAssertNil(ThreadDataset(tlvs: withoutKey))
        let apply = await setAndApply(withoutKey, on: device)
        XCTAssertEqual(apply, [0x08, 0x0b, 0xaa, 0x01, 0x00])
        let attaching = await status(device)
        XCTAssertEqual(attaching, [0x08, 0x07, 0x8a, 0x01, 0x02, 0x10, 0x01])
        await eventually("ThreadNetworkNotFound") { await self.status(device) == self.networkNotFound }
    }

    func testLongerTLVsThanNeededAreReadLikeOpenThread() {
        // OpenThread checks minimum sizes only; a 4-byte PAN ID TLV still parses (first two bytes).
        let padded = Array(example.dropLast(4)) + [0x01, 0x04, 0x12, 0x34, 0x00, 0x00]
        XCTAssertEqual(ThreadDataset(tlvs: padded)?.panID, 0x1234)
    }

    func testANameDoesNotStopTheAttach() async {
        let device = await threadDevice()
        let named = Array(example.dropLast(4)) + [0x03, 0x04] + Array("Mesh".utf8) + Array(example.suffix(4))
        let apply = await setAndApply(named, on: device)
        XCTAssertEqual(apply, [0x08, 0x0b, 0xaa, 0x01, 0x00])
        await eventually("Attached") {
            guard let reply = await self.status(device), let payload = try? NPNetworkConfigPayload(serializedBytes: reply) else { return false }
            return payload.respGetThreadStatus.threadState == .attached
                && payload.respGetThreadStatus.threadAttached.name == "OpenThread"
        }
    }
}
