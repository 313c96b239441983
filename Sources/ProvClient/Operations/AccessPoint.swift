import ProvCrypto

/// A Wi-Fi network seen by the device's scan.
public struct AccessPoint: Sendable, Equatable {
    /// The SSID exactly as the device reported it (up to 32 bytes, not necessarily UTF-8).
    public let ssidBytes: [UInt8]
    /// 6 bytes; tells apart several APs of one SSID in the choice table.
    public let bssid: [UInt8]
    /// Primary channel, shown so a user can spot a 5 GHz AP a 2.4 GHz-only board cannot join.
    public let channel: UInt32
    /// dBm as the device measured it; the device sorts by it, strongest first.
    public let rssi: Int32
    /// Decides whether a passphrase must be asked for (open networks need none).
    public let auth: WiFiAuthMode

    /// Memberwise, for the scan decoder and tests.
    public init(ssidBytes: [UInt8], bssid: [UInt8], channel: UInt32, rssi: Int32, auth: WiFiAuthMode) {
        self.ssidBytes = ssidBytes
        self.bssid = bssid
        self.channel = channel
        self.rssi = rssi
        self.auth = auth
    }

    /// The SSID for display: UTF-8 when valid, else Latin-1 (as esp_prov), trailing NULs stripped.
    public var ssid: String { displayText(ssidBytes) }

    /// BSSID as 12 lower-case hex digits, as esp_prov prints it.
    public var bssidHex: String { hexString(bssid) }
}

/// The Wi-Fi authentication mode, keeping raw `wifi_auth_mode_t` values the proto enum lacks
/// (OWE, WPA3-Enterprise, …) instead of crashing on them as esp_prov does (docs/protocol.md §8.13).
public struct WiFiAuthMode: Sendable, Equatable, CustomStringConvertible {
    /// The device's raw `wifi_auth_mode_t`, kept even beyond the names we know.
    public let rawValue: Int

    /// Any value is accepted: devices send numbers newer than this table.
    public init(rawValue: Int) { self.rawValue = rawValue }

    private static let names = [
        "Open", "WEP", "WPA_PSK", "WPA2_PSK", "WPA_WPA2_PSK", "WPA2_ENTERPRISE", "WPA3_PSK", "WPA2_WPA3_PSK",
        "WAPI_PSK", "OWE", "WPA3_ENT_192", "WPA3_EXT_PSK", "WPA3_EXT_PSK_MIXED", "DPP", "WPA3_ENTERPRISE",
        "WPA2_WPA3_ENTERPRISE", "WPA_ENTERPRISE",
    ]

    /// An open network takes no passphrase, so none is asked for.
    public var isOpen: Bool { rawValue == 0 }

    /// esp_prov's names where it has them, `AUTH_<n>` beyond, so output stays compatible.
    public var description: String {
        Self.names.indices.contains(rawValue) ? Self.names[rawValue] : "AUTH_\(rawValue)"
    }
}

/// Text for device-supplied bytes: UTF-8 when valid, otherwise Latin-1; trailing NULs dropped;
/// control characters escaped (`printableDeviceText`), so an SSID cannot forge output lines.
func displayText(_ bytes: [UInt8]) -> String {
    var trimmed = bytes[...]
    while trimmed.last == 0 { trimmed = trimmed.dropLast() }
    if let text = String(validating: trimmed, as: UTF8.self) { return printableDeviceText(text) }
    return printableDeviceText(String(trimmed.map { Character(Unicode.Scalar($0)) }))
}
