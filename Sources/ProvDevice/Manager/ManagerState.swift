/// The provisioning manager's `prov_state` (§6.1), from the point the service has started.
/// Apply is accepted only in `.started`; "≥ CRED_RECV" means any later state.
enum ProvState: Int, Comparable, Sendable {
    case started = 2
    case credentialsReceived = 3
    case success = 4
    case fail = 5

    static func < (lhs: ProvState, rhs: ProvState) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Why a Wi-Fi connection ended in DISCONNECTED (`WifiConnectFailedReason`).
public enum WiFiFailureReason: Int, Sendable, Equatable {
    case authError = 0
    case networkNotFound = 1
}

/// What GetStatus reports once connected (`WifiConnectedState`).
public struct WiFiConnection: Sendable, Equatable {
    public var ip4Address: String
    /// Raw `wifi_auth_mode_t` (may exceed the .proto range).
    public var authMode: Int
    public var ssid: [UInt8]
    public var bssid: [UInt8]
    public var channel: Int32
}

/// The manager's `wifi_state`. Its initial value is CONNECTING (C enum value 0), so GetStatus before
/// any ApplyConfig reports "Connecting" (§6.1).
enum WiFiState: Sendable, Equatable {
    case connecting
    case connected(WiFiConnection)
    case disconnected(WiFiFailureReason)
    /// v5.4.1+ with `wifi_conn_attempts > 0`: an attempt failed, more remain.
    case attemptFailed(remaining: UInt32)
}

/// Why a Thread attach failed (`ThreadAttachFailedReason`).
public enum ThreadFailureReason: Int, Sendable, Equatable {
    case datasetInvalid = 0
    case networkNotFound = 1
}

/// What GetThreadStatus reports once attached (`ThreadAttachState`).
public struct ThreadAttachment: Sendable, Equatable {
    public var panID: UInt32
    public var extPanID: [UInt8]
    public var channel: UInt32
    public var name: String
}

/// The network_provisioning Thread state; like Wi-Fi, its initial value is "attaching".
enum ThreadState: Sendable, Equatable {
    case attaching
    case attached(ThreadAttachment)
    case failed(ThreadFailureReason)
}

/// The credentials stored by SetConfig until ApplyConfig consumes them.
struct PendingWiFiConfig: Sendable {
    var ssid: [UInt8]
    var passphrase: [UInt8]
}
