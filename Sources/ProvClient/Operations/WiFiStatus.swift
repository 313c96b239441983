/// Where the device's Wi-Fi station stands, as `GetStatus` reports it (docs/protocol.md §5.3, §6.1, §8.11).
public typealias WiFiStatus = NetworkStatus<WiFiConnection, WiFiFailure>

/// Why the device gave up connecting.
public enum WiFiFailure: Sendable, Equatable {
    /// AuthError: the passphrase was refused (or the handshake timed out).
    case wrongPassword
    /// NetworkNotFound: no AP with that SSID in range.
    case networkNotFound
    /// A reason newer than this client, kept as its number.
    case other(Int)
}

/// What the device reports once connected.
public struct WiFiConnection: Sendable, Equatable {
    /// Dotted quad the device got, so a user or CI can reach the board next.
    public let ipAddress: String
    /// The network actually joined.
    public let ssid: String
    /// The AP joined, 6 bytes.
    public let bssid: [UInt8]
    /// Channel of the AP joined.
    public let channel: Int32
    /// Security the connection uses.
    public let auth: WiFiAuthMode
}
