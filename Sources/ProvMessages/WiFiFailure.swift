/// Why a device gave up connecting to a Wi-Fi network (`WifiConnectFailedReason`), one type for both
/// peers: the virtual device reports it in DISCONNECTED / ConnectionFailed, the client reads it.
public enum WiFiFailure: Sendable, Equatable {
    /// AuthError (0): the passphrase was refused (handshake timeouts and auth failures look the same).
    case wrongPassword
    /// NetworkNotFound (1, `NO_AP_FOUND`): no AP with that SSID in range.
    case networkNotFound
    /// A reason newer than this client, kept as its number rather than dropped.
    case other(Int)
}
