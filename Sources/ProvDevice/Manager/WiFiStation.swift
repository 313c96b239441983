import ProvMessages

/// The manager's `wifi_state`. Its initial value is CONNECTING (C enum value 0), so GetStatus before
/// any ApplyConfig reports "Connecting" (docs/protocol.md §6.1).
enum WiFiState: Sendable, Equatable {
    case connecting
    case connected(WiFiConnection)
    case disconnected(WiFiFailure)
    /// v5.4.1+ with `wifi_conn_attempts > 0`: an attempt failed, more remain.
    case attemptFailed(remaining: UInt32)
}

/// The credentials stored by SetConfig until ApplyConfig consumes them.
struct PendingWiFiConfig: Sendable {
    var ssid: [UInt8]
    var passphrase: [UInt8]
}

/// The Wi-Fi half of the manager (docs/protocol.md §6.1): the reported state, the credentials SetConfig stored, and the
/// count of failed connection attempts.
struct WiFiStation: Sendable {
    var state: WiFiState = .connecting
    private(set) var pending: PendingWiFiConfig?
    private(set) var attemptsCompleted = 0

    /// SetConfig: validates and stores the credentials, replacing earlier ones; accepted in every state.
    /// BSSID and channel are checked/accepted but otherwise ignored.
    /// - Returns: whether they were valid (`len(bssid) ∈ {0, 6}`, SSID ≤ 32, passphrase ≤ 63 bytes).
    mutating func store(ssid: [UInt8], passphrase: [UInt8], bssid: [UInt8]) -> Bool {
        guard bssid.isEmpty || bssid.count == 6, ssid.count <= 32, passphrase.count <= 63 else { return false }
        pending = PendingWiFiConfig(ssid: ssid, passphrase: passphrase)
        return true
    }

    /// ApplyConfig consumes the stored credentials, whether or not it then succeeds.
    mutating func takePending() -> PendingWiFiConfig? {
        defer { pending = nil }
        return pending
    }

    /// Counts one failed attempt against `wifi_conn_attempts` (`limit`, 0 = feature off).
    /// - Returns: the attempts that remain, or nil when this failure ends in DISCONNECTED.
    mutating func countFailedAttempt(limit: Int) -> UInt32? {
        guard limit > 0 else { return nil }
        attemptsCompleted += 1
        guard attemptsCompleted < limit else { return nil }
        return UInt32(limit - attemptsCompleted)
    }

    /// network_provisioning's Reset also restarts the attempt count (wifi_provisioning's does not).
    mutating func resetAttempts() {
        attemptsCompleted = 0
    }
}
