import ProvMessages

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

/// What the device reports once connected (ProvMessages' `WiFiConnection`, shared with the virtual device).
extension WiFiConnection {
    /// Security the connection uses.
    public var auth: WiFiAuthMode { WiFiAuthMode(rawValue: authMode) }
}
