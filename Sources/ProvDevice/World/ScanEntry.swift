import Foundation
import ProvCrypto

/// One access point a Wi-Fi scan finds, with the raw ESP-IDF `wifi_auth_mode_t` (values above 7, e.g.
/// OWE = 9, are passed through to the wire as a real device does, §2.1).
///
/// JSON form (what `--scan_results FILE.json` holds, an array of these):
/// `{"ssid": "HomeNet", "bssid": "a0b1c2d3e4f5", "channel": 6, "rssi": -45, "auth": 3}`.
public struct ScanEntry: Sendable, Equatable, Codable {
    public var ssid: [UInt8]
    /// 6 bytes.
    public var bssid: [UInt8]
    public var channel: UInt32
    public var rssi: Int32
    public var auth: Int

    public init(ssid: [UInt8], bssid: [UInt8], channel: UInt32, rssi: Int32, auth: Int) {
        self.ssid = ssid
        self.bssid = bssid
        self.channel = channel
        self.rssi = rssi
        self.auth = auth
    }

    public init(ssid: String, bssid: [UInt8], channel: UInt32, rssi: Int32, auth: Int) {
        self.init(ssid: Array(ssid.utf8), bssid: bssid, channel: channel, rssi: rssi, auth: auth)
    }

    /// A small neighbourhood: the `HomeNet` network the default device can join, an open café, and a
    /// few others, one of them with an auth mode (OWE, 9) that esp_prov's name table does not know.
    /// The same list is in `Fixtures/scan_results.json`.
    public static let defaultList: [ScanEntry] = [
        ScanEntry(ssid: "HomeNet", bssid: [0xa0, 0xb1, 0xc2, 0xd3, 0xe4, 0xf5], channel: 6, rssi: -45, auth: 3),
        ScanEntry(ssid: "Office-WPA3", bssid: [0x2c, 0x3d, 0x4e, 0x5f, 0x60, 0x71], channel: 1, rssi: -58, auth: 6),
        ScanEntry(ssid: "Cafe", bssid: [0x11, 0x22, 0x33, 0x44, 0x55, 0x66], channel: 11, rssi: -70, auth: 0),
        ScanEntry(ssid: "Neighbor", bssid: [0x7e, 0x8f, 0x90, 0xa1, 0xb2, 0xc3], channel: 6, rssi: -77, auth: 4),
        ScanEntry(ssid: "Lab-OWE", bssid: [0x02, 0xa0, 0xb0, 0xc0, 0xd0, 0xe0], channel: 13, rssi: -83, auth: 9),
    ]

    /// Reads a JSON array of entries.
    public static func load(contentsOf url: URL) throws -> [ScanEntry] {
        try JSONDecoder().decode([ScanEntry].self, from: Data(contentsOf: url))
    }

    enum CodingKeys: String, CodingKey {
        case ssid, bssid, channel, rssi, auth
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ssid = Array(try container.decode(String.self, forKey: .ssid).utf8)
        let bssidText = try container.decode(String.self, forKey: .bssid)
        guard let bssid = bytes(fromHex: bssidText.replacingOccurrences(of: ":", with: "")), bssid.count == 6 else {
            throw DecodingError.dataCorruptedError(forKey: .bssid, in: container, debugDescription: "BSSID must be 12 hex digits")
        }
        self.bssid = bssid
        channel = try container.decode(UInt32.self, forKey: .channel)
        rssi = try container.decode(Int32.self, forKey: .rssi)
        auth = try container.decode(Int.self, forKey: .auth)
        guard ssid.count <= 32 else {
            throw DecodingError.dataCorruptedError(forKey: .ssid, in: container, debugDescription: "SSID longer than 32 bytes")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(String(decoding: ssid, as: UTF8.self), forKey: .ssid)
        try container.encode(hexString(bssid), forKey: .bssid)
        try container.encode(channel, forKey: .channel)
        try container.encode(rssi, forKey: .rssi)
        try container.encode(auth, forKey: .auth)
    }
}
