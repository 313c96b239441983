/// A station's connection as `GetStatus` reports it (`WifiConnectedState`), one type for both
/// peers: the virtual device reports it, the client reads it.
public struct WiFiConnection: Sendable, Equatable {
    /// Dotted quad the device got (`ip4_addr`), so a user or CI can reach the board next.
    public var ipAddress: String
    /// The network joined, as text (the client: printable, as shown to people).
    public var ssid: String
    /// The network joined, the SSID's bytes as on the wire (an SSID need not be UTF-8).
    public var ssidBytes: [UInt8]
    /// The AP joined, 6 bytes.
    public var bssid: [UInt8]
    /// Channel of the AP joined.
    public var channel: Int32
    /// Raw `wifi_auth_mode_t`, kept even beyond the .proto's range (devices send newer numbers).
    public var authMode: Int

    /// `ssid` defaults to the bytes decoded as UTF-8 (invalid sequences replaced).
    public init(ipAddress: String, ssidBytes: [UInt8], ssid: String? = nil, bssid: [UInt8], channel: Int32, authMode: Int) {
        self.ipAddress = ipAddress
        self.ssid = ssid ?? String(decoding: ssidBytes, as: UTF8.self)
        self.ssidBytes = ssidBytes
        self.bssid = bssid
        self.channel = channel
        self.authMode = authMode
    }
}
