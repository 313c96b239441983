import TestSupport
import XCTest
@testable import ProvClient

/// The Thread dataset builder and validator: byte-exact where esp_prov's minimal dataset applies,
/// correct where esp_prov is wrong (PAN IDs below 0x100), and precise about what is wrong.
final class ThreadDatasetTests: XCTestCase {
    private let key: [UInt8] = [UInt8](hex: "00112233445566778899aabbccddeeff")
    private let fixtureNetwork = ThreadNetwork(
        panID: 0x1234, channel: 15, rssi: -60, lqi: 200, extendedAddress: [UInt8](hex: "0011223344556677"), networkName: "",
        extendedPanID: [UInt8](hex: "dead00beef00cafe"))

    /// The dataset inside `NetworkConfigPayload CmdSetThreadConfig`: `0808 9201 27 0a 25 <37 bytes>`.
    private func fixtureDataset() throws -> [UInt8] {
        let messages = try Fixtures.strings("messages.json", key: "messages")
        let payload = [UInt8](hex: try XCTUnwrap(messages["NetworkConfigPayload CmdSetThreadConfig (esp_prov-style minimal dataset TLVs)"]))
        XCTAssertEqual(Array(payload.prefix(6)), [0x08, 0x08, 0x92, 0x01, 0x27, 0x0a])
        return Array(payload[7...])
    }

    func testBuiltDatasetMatchesEspProvBytesWhenNoNameIsKnown() throws {
        let dataset = try ThreadOperationalDataset(joining: fixtureNetwork, networkKey: key)
        XCTAssertEqual(dataset.tlvs.hex, try fixtureDataset().hex)
        XCTAssertEqual(dataset.tlvTypes, [0, 2, 5, 1])
    }

    func testBuiltDatasetCarriesTheNameBeforeThePanID() throws {
        let named = ThreadNetwork(
            panID: 0x1234, channel: 15, rssi: -60, lqi: 200, extendedAddress: fixtureNetwork.extendedAddress,
            networkName: "OpenThread", extendedPanID: fixtureNetwork.extendedPanID)
        let dataset = try ThreadOperationalDataset(joining: named, networkKey: key)
        XCTAssertEqual(
            dataset.tlvs.hex,
            "000300000f" + "0208dead00beef00cafe" + "051000112233445566778899aabbccddeeff" + "030a" + "OpenThread".utf8.map { String(format: "%02x", $0) }.joined()
                + "01021234")
        XCTAssertEqual(dataset.networkName, "OpenThread")
        XCTAssertNil(dataset.summary.tlvTypes.firstIndex(of: 14), "no Active Timestamp: the dataset stays partial")
    }

    func testSmallPanIDsKeepTwoBytes() throws {
        for pan: UInt16 in [0x0000, 0x0001, 0x00ab, 0x00ff, 0x0100] {
            let network = ThreadNetwork(
                panID: pan, channel: 11, rssi: -70, lqi: 10, extendedAddress: fixtureNetwork.extendedAddress, networkName: "",
                extendedPanID: fixtureNetwork.extendedPanID)
            let dataset = try ThreadOperationalDataset(joining: network, networkKey: key)
            XCTAssertEqual(Array(dataset.tlvs.suffix(4)), [0x01, 0x02, UInt8(pan >> 8), UInt8(pan & 0xff)], "PAN \(pan)")
            XCTAssertEqual(try ThreadOperationalDataset(tlvs: dataset.tlvs).panID, pan)
        }
    }

    func testParsingTheFixtureHex() throws {
        let dataset = try ThreadOperationalDataset(hex: "  0x" + (try fixtureDataset()).hex.uppercased() + "\n")
        XCTAssertEqual(dataset.channel, 15)
        XCTAssertEqual(dataset.panID, 0x1234)
        XCTAssertEqual(dataset.extendedPanID.hex, "dead00beef00cafe")
        XCTAssertNil(dataset.networkName)
        XCTAssertEqual(dataset.summary.length, 37)
    }

    func testDescriptionsNeverShowTheKey() throws {
        let dataset = try ThreadOperationalDataset(joining: fixtureNetwork, networkKey: key)
        for text in ["\(dataset)", String(reflecting: dataset), "\(dataset.summary)"] {
            XCTAssertFalse(text.contains(key.hex), text)
        }
    }

    func testEachProblemIsNamedPrecisely() {
        let good = "000300000f0208dead00beef00cafe051000112233445566778899aabbccddeeff01021234"
        let cases: [(String, ThreadDatasetError, String)] = [
            ("", .empty, "empty"),
            (good + "0", .oddHexLength(digits: 75), "odd number"),
            ("0003zz", .notHex(position: 5, character: "z"), "character 5 is 'z'"),
            (good + "03", .truncatedHeader(offset: 37, type: 3), "Network Name (type 3) TLV at offset 37 has no length byte"),
            (String(good.dropLast(2)), .truncatedValue(offset: 33, type: 1, declared: 2, available: 1),
             "PAN ID (type 1) TLV at offset 33 declares 2 bytes but only 1 remain"),
            ("00ff" + good, .extendedLength(offset: 0, type: 0), "extended form"),
            ("0002000f" + good.dropFirst(10), .wrongLength(offset: 0, type: 0, length: 2, expected: "3 (channel page + 16-bit channel)"),
             "Channel (type 0) TLV at offset 0 is 2 bytes long"),
            ("0003000005" + good.dropFirst(10), .invalidChannel(offset: 0, page: 0, channel: 5), "page 0 channel 5"),
            ("0003010010" + good.dropFirst(10), .invalidChannel(offset: 0, page: 1, channel: 16), "page 1 channel 16"),
            (good + "01021234", .duplicate(type: 1, first: 33, second: 37), "PAN ID (type 1) TLV appears twice (offsets 33 and 37)"),
            ("000300000f0208dead00beef00cafe01021234", .missing([5]), "lacks mandatory TLVs: Network Key (type 5)"),
            ("0102abcd", .missing([0, 2, 5]), "Channel (type 0), Extended PAN ID (type 2), Network Key (type 5)"),
            (good + "0300", .wrongLength(offset: 37, type: 3, length: 0, expected: "1 to 16"), "Network Name (type 3)"),
            (good + "0302c328", .invalidNetworkName(offset: 37), "not UTF-8"),
            (good + "3503000401", .malformedChannelMask(offset: 37), "Channel Mask"),
            (good + "0e04" + "00000000", .wrongLength(offset: 37, type: 14, length: 4, expected: "8"), "Active Timestamp (type 14)"),
            (good + "7ffd" + String(repeating: "00", count: 253), .tooLong(bytes: 292), "at most 254"),
        ]
        for (hex, expected, phrase) in cases {
            XCTAssertThrowsError(try ThreadOperationalDataset(hex: hex), hex) { error in
                XCTAssertEqual(error as? ThreadDatasetError, expected, hex)
                XCTAssertTrue("\(error)".contains(phrase), "'\(error)' lacks '\(phrase)'")
            }
        }
    }

    func testUnknownAndOptionalTLVsAreAccepted() throws {
        let good = "000300000f0208dead00beef00cafe051000112233445566778899aabbccddeeff01021234"
        let full = good + "0e080000000000010000" + "0708fd000db800000000" + "0410" + String(repeating: "ab", count: 16)
            + "0c0402a0f7f8" + "35060004001fffe0" + "4a0100"
        let dataset = try ThreadOperationalDataset(hex: full)
        XCTAssertEqual(dataset.tlvTypes, [0, 2, 5, 1, 14, 7, 4, 12, 53, 74])
    }

    func testNetworkKeyInput() throws {
        XCTAssertEqual(try ThreadOperationalDataset.networkKey(fromHex: " 0x00112233445566778899AABBCCDDEEFF "), key)
        for bad in ["", "0011", "00112233445566778899aabbccddeeff00", "00112233445566778899aabbccddeeg0"] {
            XCTAssertThrowsError(try ThreadOperationalDataset.networkKey(fromHex: bad), bad) { error in
                guard case .invalidNetworkKey = error as? ThreadDatasetError else { return XCTFail("\(error)") }
                XCTAssertTrue("\(error)".contains("32 hex digits"), "\(error)")
            }
        }
        XCTAssertThrowsError(try ThreadOperationalDataset(joining: fixtureNetwork, networkKey: Array(key.prefix(8))))
    }

    func testScannedNetworksThatCannotMakeADataset() {
        let offChannel = ThreadNetwork(
            panID: 1, channel: 27, rssi: 0, lqi: 0, extendedAddress: fixtureNetwork.extendedAddress, networkName: "",
            extendedPanID: fixtureNetwork.extendedPanID)
        XCTAssertThrowsError(try ThreadOperationalDataset(joining: offChannel, networkKey: key)) { error in
            XCTAssertEqual(error as? ThreadDatasetError, .unusableNetwork("channel 27 is outside 11-26"))
        }
    }
}
