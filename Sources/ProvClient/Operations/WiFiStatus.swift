/// Where the device's Wi-Fi station stands, as `GetStatus` reports it (docs/protocol.md §5.3, §6.1, §8.11).
public enum WiFiStatus: Sendable, Equatable {
    /// Still trying; `attemptsRemaining` is set when a connection attempt failed (IDF v5.4.1+).
    case connecting(attemptsRemaining: UInt32?)
    case connected(WiFiConnection)
    case failed(WiFiFailure)
    /// State 2, which real devices never send; treated as a failure without a reason.
    case disconnected
}

/// Why the device gave up connecting.
public enum WiFiFailure: Sendable, Equatable {
    case wrongPassword
    case networkNotFound
    case other(Int)
}

/// What the device reports once connected.
public struct WiFiConnection: Sendable, Equatable {
    public let ipAddress: String
    public let ssid: String
    public let bssid: [UInt8]
    public let channel: Int32
    public let auth: WiFiAuthMode
}
