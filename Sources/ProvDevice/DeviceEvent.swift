/// Something the device did, for tests and logs. Never carries a secret (no PoP, password, key,
/// passphrase or plaintext payload); SSIDs are public and included.
public enum DeviceEvent: Sendable, Equatable, CustomStringConvertible {
    case sessionOpened(UInt32)
    case sessionClosed(UInt32)
    /// The security handshake finished (`PROTOCOMM_SECURITY_SESSION_SETUP_OK`).
    case sessionEstablished(UInt32)
    /// A request got no response; `failure` says why.
    case requestFailed(endpoint: String, failure: RequestFailure)
    case wifiConfigReceived(ssid: String)
    case wifiConfigApplied(ssid: String)
    case wifiConnected(ssid: String, ip4Address: String)
    case wifiAttemptFailed(attemptsRemaining: UInt32)
    case wifiFailed(WiFiFailureReason)
    case threadDatasetReceived
    case threadDatasetApplied
    case threadAttached(networkName: String)
    case threadFailed(ThreadFailureReason)
    case scanStarted
    case scanFinished(resultCount: Int)
    case provisioningReset
    case reprovisioningStarted
    /// The service will stop after the given delay (auto-stop).
    case stopScheduled(afterMilliseconds: Int64)
    /// The service has stopped: endpoints removed, transport should go away (`WIFI_PROV_END`).
    case stopped

    public var description: String {
        switch self {
        case .sessionOpened(let id): return "session \(id) opened"
        case .sessionClosed(let id): return "session \(id) closed"
        case .sessionEstablished(let id): return "session \(id) established"
        case .requestFailed(let endpoint, let failure): return "request to \(endpoint) failed: \(failure)"
        case .wifiConfigReceived(let ssid): return "Wi-Fi credentials received for SSID '\(ssid)'"
        case .wifiConfigApplied(let ssid): return "Wi-Fi credentials applied, connecting to '\(ssid)'"
        case .wifiConnected(let ssid, let ip): return "connected to '\(ssid)', got IP \(ip)"
        case .wifiAttemptFailed(let remaining): return "connection attempt failed, \(remaining) remaining"
        case .wifiFailed(let reason): return "Wi-Fi connection failed: \(reason == .authError ? "auth error" : "network not found")"
        case .threadDatasetReceived: return "Thread dataset received"
        case .threadDatasetApplied: return "Thread dataset applied, attaching"
        case .threadAttached(let name): return "attached to Thread network '\(name)'"
        case .threadFailed(let reason): return "Thread attach failed: \(reason == .datasetInvalid ? "invalid dataset" : "network not found")"
        case .scanStarted: return "scan started"
        case .scanFinished(let count): return "scan finished, \(count) results"
        case .provisioningReset: return "provisioning state reset"
        case .reprovisioningStarted: return "reprovisioning started"
        case .stopScheduled(let ms): return "provisioning service stops in \(ms) ms"
        case .stopped: return "provisioning service stopped"
        }
    }
}
