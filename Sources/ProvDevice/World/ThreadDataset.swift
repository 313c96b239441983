/// The parts of a Thread Active Operational Dataset (MeshCoP TLVs) the simulated attach looks at.
///
/// A dataset OpenThread cannot parse (`isParsable`) fails ApplyThreadConfig with DatasetInvalid; one
/// that parses but lacks a channel, PAN ID, extended PAN ID or network key never finds a network.
/// Joining compares those four with the network the device can see (§2.11).
public struct ThreadDataset: Sendable, Equatable {
    public var channel: UInt32
    public var panID: UInt32
    public var extPanID: [UInt8]
    public var networkKey: [UInt8]
    public var networkName: String?

    /// esp_prov's minimal dataset for the fixture network (channel 15, PAN 0x1234, ext PAN
    /// dead00beef00cafe, key 00112233…eeff), PROTOCOL.md Appendix A.3.
    public static let exampleTLVs: [UInt8] = [
        0x00, 0x03, 0x00, 0x00, 0x0f,
        0x02, 0x08, 0xde, 0xad, 0x00, 0xbe, 0xef, 0x00, 0xca, 0xfe,
        0x05, 0x10, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
        0x01, 0x02, 0x12, 0x34,
    ]

    private enum TLVType: UInt8 {
        case channel = 0, panID = 1, extPanID = 2, networkName = 3, networkKey = 5
    }

    /// nil when the TLVs would not parse on the device (`isParsable`) or a TLV needed to join is missing.
    public init?(tlvs: [UInt8]) {
        guard let values = Self.parse(tlvs) else { return nil }
        // `parse` checked the minimum sizes; like OpenThread, read the leading bytes of each value.
        guard let channel = values[TLVType.channel.rawValue], let pan = values[TLVType.panID.rawValue],
              let extPan = values[TLVType.extPanID.rawValue], let key = values[TLVType.networkKey.rawValue]
        else { return nil }
        self.channel = UInt32(channel[1]) << 8 | UInt32(channel[2])
        self.panID = UInt32(pan[0]) << 8 | UInt32(pan[1])
        self.extPanID = Array(extPan.prefix(8))
        self.networkKey = Array(key.prefix(16))
        self.networkName = values[TLVType.networkName.rawValue].map { String(decoding: $0, as: UTF8.self) }
    }

    /// What `otDatasetParseTlvs` accepts, which network_provisioning checks on ApplyThreadConfig
    /// (a failure there is DatasetInvalid): at most 254 bytes; every TLV complete, none in the extended
    /// length form (0xFF), none twice; known TLVs at least their size (channel: page 0, 11–26; network
    /// name: 1–16 bytes of UTF-8). Missing TLVs are not checked here: such a dataset parses, it just
    /// never finds a network (ThreadNetworkNotFound after the attach timeout).
    public static func isParsable(_ tlvs: [UInt8]) -> Bool { parse(tlvs) != nil }

    private static func parse(_ tlvs: [UInt8]) -> [UInt8: [UInt8]]? {
        guard tlvs.count <= 254 else { return nil }
        var values: [UInt8: [UInt8]] = [:]
        var index = 0
        while index < tlvs.count {
            guard index + 2 <= tlvs.count else { return nil }
            let type = tlvs[index]
            let length = Int(tlvs[index + 1])
            index += 2
            guard length != 0xff, index + length <= tlvs.count, values[type] == nil else { return nil }
            let value = Array(tlvs[index..<index + length])
            guard isValid(type: type, value: value) else { return nil }
            values[type] = value
            index += length
        }
        return values
    }

    /// OpenThread's `Dataset::IsTlvValid`: minimum sizes, not exact ones.
    private static func isValid(type: UInt8, value: [UInt8]) -> Bool {
        switch TLVType(rawValue: type) {
        case .channel:
            guard value.count >= 3 else { return false }
            let channel = UInt16(value[1]) << 8 | UInt16(value[2])
            return value[0] == 0 && (11...26).contains(channel)
        case .panID: return value.count >= 2
        case .extPanID: return value.count >= 8
        case .networkName: return (1...16).contains(value.count) && String(validating: value, as: UTF8.self) != nil
        case .networkKey: return value.count >= 16
        case nil: return true
        }
    }

    /// Whether a device holding `self` as its known network would attach with `other`: same channel,
    /// PAN, extended PAN and key.
    func joins(_ other: ThreadDataset) -> Bool {
        channel == other.channel && panID == other.panID && extPanID == other.extPanID && networkKey == other.networkKey
    }
}
