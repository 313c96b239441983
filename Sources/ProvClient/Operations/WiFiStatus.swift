import ProvMessages

/// Where the device's Wi-Fi station stands, as `GetStatus` reports it (docs/protocol.md §5.3, §6.1, §8.11).
/// Why it gave up: ProvMessages' `WiFiFailure`, shared with the virtual device.
public typealias WiFiStatus = NetworkStatus<WiFiConnection, WiFiFailure>

/// What the device reports once connected (ProvMessages' `WiFiConnection`, shared with the virtual device).
extension WiFiConnection {
    /// Security the connection uses.
    public var auth: WiFiAuthMode { WiFiAuthMode(rawValue: authMode) }
}
