import Foundation
import ProvCrypto

/// One Thread network an MLE discovery finds (network_provisioning, §2.11).
///
/// JSON form (an array of these in `--thread_scan_results FILE.json`):
/// `{"pan_id": 4660, "channel": 15, "rssi": -60, "lqi": 200, "ext_addr": "0011223344556677",
///   "network_name": "OpenThread", "ext_pan_id": "dead00beef00cafe"}`.
public struct ThreadScanEntry: Sendable, Equatable, Codable {
    public var panID: UInt32
    public var channel: UInt32
    public var rssi: Int32
    public var lqi: UInt32
    /// 8 bytes.
    public var extAddr: [UInt8]
    public var networkName: String
    /// 8 bytes.
    public var extPanID: [UInt8]

    public init(panID: UInt32, channel: UInt32, rssi: Int32, lqi: UInt32, extAddr: [UInt8], networkName: String, extPanID: [UInt8]) {
        self.panID = panID
        self.channel = channel
        self.rssi = rssi
        self.lqi = lqi
        self.extAddr = extAddr
        self.networkName = networkName
        self.extPanID = extPanID
    }

    /// The network of the fixtures (PROTOCOL.md Appendix A.3), matching `ThreadDataset.exampleTLVs`.
    public static let defaultList: [ThreadScanEntry] = [
        ThreadScanEntry(
            panID: 0x1234, channel: 15, rssi: -60, lqi: 200,
            extAddr: [0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77],
            networkName: "OpenThread",
            extPanID: [0xde, 0xad, 0x00, 0xbe, 0xef, 0x00, 0xca, 0xfe]
        ),
    ]

    public static func load(contentsOf url: URL) throws -> [ThreadScanEntry] {
        try JSONDecoder().decode([ThreadScanEntry].self, from: Data(contentsOf: url))
    }

    enum CodingKeys: String, CodingKey {
        case panID = "pan_id", channel, rssi, lqi, extAddr = "ext_addr", networkName = "network_name", extPanID = "ext_pan_id"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        panID = try container.decode(UInt32.self, forKey: .panID)
        channel = try container.decode(UInt32.self, forKey: .channel)
        rssi = try container.decode(Int32.self, forKey: .rssi)
        lqi = try container.decode(UInt32.self, forKey: .lqi)
        networkName = try container.decode(String.self, forKey: .networkName)
        guard let extAddr = bytes(fromHex: try container.decode(String.self, forKey: .extAddr)), extAddr.count == 8 else {
            throw DecodingError.dataCorruptedError(forKey: .extAddr, in: container, debugDescription: "ext_addr must be 16 hex digits")
        }
        guard let extPanID = bytes(fromHex: try container.decode(String.self, forKey: .extPanID)), extPanID.count == 8 else {
            throw DecodingError.dataCorruptedError(forKey: .extPanID, in: container, debugDescription: "ext_pan_id must be 16 hex digits")
        }
        self.extAddr = extAddr
        self.extPanID = extPanID
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(panID, forKey: .panID)
        try container.encode(channel, forKey: .channel)
        try container.encode(rssi, forKey: .rssi)
        try container.encode(lqi, forKey: .lqi)
        try container.encode(hexString(extAddr), forKey: .extAddr)
        try container.encode(networkName, forKey: .networkName)
        try container.encode(hexString(extPanID), forKey: .extPanID)
    }
}
