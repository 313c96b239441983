import ProvMessages

/// Something the device did, for tests and logs. Never carries a secret (no PoP, password, key,
/// passphrase or plaintext payload); SSIDs are public and included.
public enum DeviceEvent: Sendable, Equatable, CustomStringConvertible {
    /// A transport session began (`new_transport_session`).
    case sessionOpened(UInt32)
    /// It ended (disconnect, or replaced by a new one).
    case sessionClosed(UInt32)
    /// The security handshake finished (`PROTOCOMM_SECURITY_SESSION_SETUP_OK`).
    case sessionEstablished(UInt32)
    /// A request got no response; `failure` says why.
    case requestFailed(endpoint: String, failure: RequestFailure)
    /// SetConfig stored credentials for this SSID.
    case wifiConfigReceived(ssid: String)
    /// ApplyConfig accepted; connecting after the manager's timer.
    case wifiConfigApplied(ssid: String)
    /// The join succeeded (`GOT_IP`).
    case wifiConnected(ssid: String, ip4Address: String)
    /// One attempt failed with attempts left (v5.4.1+ attempt counting).
    case wifiAttemptFailed(attemptsRemaining: UInt32)
    /// The join failed for good (`WIFI_PROV_CRED_FAIL`).
    case wifiFailed(WiFiFailure)
    /// SetThreadConfig stored a dataset.
    case threadDatasetReceived
    /// ApplyThreadConfig accepted; attaching.
    case threadDatasetApplied
    /// The attach succeeded.
    case threadAttached(networkName: String)
    /// The attach failed for good.
    case threadFailed(ThreadFailure)
    /// A scan began.
    case scanStarted
    /// A scan ended with this many stored results.
    case scanFinished(resultCount: Int)
    /// CtrlReset accepted: back to waiting for credentials.
    case provisioningReset
    /// CtrlReprov accepted (`WIFI_PROV_START` again).
    case reprovisioningStarted
    /// The service will stop after the given delay (auto-stop).
    case stopScheduled(afterMilliseconds: Int64)
    /// The service has stopped: endpoints removed, transport should go away (`WIFI_PROV_END`).
    case stopped

    /// One log line per event for `esp-prov-device -v`; no secrets by construction.
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
        case .wifiFailed(.wrongPassword): return "Wi-Fi connection failed: auth error"
        case .wifiFailed(.networkNotFound): return "Wi-Fi connection failed: network not found"
        case .wifiFailed(.other(let code)): return "Wi-Fi connection failed: reason \(code)"
        case .threadDatasetReceived: return "Thread dataset received"
        case .threadDatasetApplied: return "Thread dataset applied, attaching"
        case .threadAttached(let name): return "attached to Thread network '\(name)'"
        case .threadFailed(.datasetInvalid): return "Thread attach failed: invalid dataset"
        case .threadFailed(.networkNotFound): return "Thread attach failed: network not found"
        case .threadFailed(.other(let code)): return "Thread attach failed: reason \(code)"
        case .scanStarted: return "scan started"
        case .scanFinished(let count): return "scan finished, \(count) results"
        case .provisioningReset: return "provisioning state reset"
        case .reprovisioningStarted: return "reprovisioning started"
        case .stopScheduled(let ms): return "provisioning service stops in \(ms) ms"
        case .stopped: return "provisioning service stopped"
        }
    }
}
