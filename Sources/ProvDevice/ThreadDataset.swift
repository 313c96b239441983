/// The parts of a Thread Active Operational Dataset (MeshCoP TLVs) the simulated attach looks at.
///
/// A dataset is usable when its TLVs parse and it carries a channel, PAN ID, extended PAN ID and
/// network key; otherwise the attach ends in `AttachingFailed` / `DatasetInvalid` (§2.11).
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

    /// nil when the TLVs are malformed or a required TLV is missing or has the wrong length.
    public init?(tlvs: [UInt8]) {
        var values: [UInt8: [UInt8]] = [:]
        var index = 0
        while index < tlvs.count {
            guard index + 2 <= tlvs.count else { return nil }
            let type = tlvs[index]
            var length = Int(tlvs[index + 1])
            index += 2
            if length == 0xff {  // extended length (MeshCoP)
                guard index + 2 <= tlvs.count else { return nil }
                length = Int(tlvs[index]) << 8 | Int(tlvs[index + 1])
                index += 2
            }
            guard index + length <= tlvs.count else { return nil }
            values[type] = Array(tlvs[index..<index + length])
            index += length
        }
        guard let channel = values[TLVType.channel.rawValue], channel.count == 3,
              let pan = values[TLVType.panID.rawValue], pan.count == 2,
              let extPan = values[TLVType.extPanID.rawValue], extPan.count == 8,
              let key = values[TLVType.networkKey.rawValue], key.count == 16
        else { return nil }
        self.channel = UInt32(channel[1]) << 8 | UInt32(channel[2])
        self.panID = UInt32(pan[0]) << 8 | UInt32(pan[1])
        self.extPanID = extPan
        self.networkKey = key
        self.networkName = values[TLVType.networkName.rawValue].map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether a device holding `self` as its known network would attach with `other`: same channel,
    /// PAN, extended PAN and key.
    func joins(_ other: ThreadDataset) -> Bool {
        channel == other.channel && panID == other.panID && extPanID == other.extPanID && networkKey == other.networkKey
    }
}
