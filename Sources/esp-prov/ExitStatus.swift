/// Every process exit status esp-prov documents (README, "Exit codes"), for every subcommand:
/// scripts branch on the number, JSON readers on `name`. New failure kinds get a new case here
/// and a row in the README table in the same commit; numbers are never reused.
enum ExitStatus: Int32, CaseIterable, Sendable {
    case success = 0
    case internalError = 1
    case usage = 2
    case transport = 3
    case auth = 4
    case wifiAuth = 5
    case wifiNotFound = 6
    case timeout = 7
    case protocolError = 8
    case unsupported = 9
    case outcomeUnknown = 10
    case batchFailed = 11
    case threadAttach = 12
    case threadNotFound = 13

    // Onboarding through the host's own daemons (wpa_supplicant, hostapd, ovsdb-server).
    // 14–16 are shared by DPP, WPS and OpenSync; 17–19 DPP; 20–26 WPS and OpenSync; 27–29 doctor.
    /// The control socket (or OVSDB endpoint) does not exist or refuses: the daemon is not running there.
    case daemonUnreachable = 14
    /// The control socket exists but this user may not use it (EACCES): run as root or join its group.
    case daemonPermission = 15
    /// The daemon answers but its build lacks the method (no DPP, no WPS).
    case daemonUnsupported = 16
    /// `dpp`: the DPP URI is malformed (the message names the field), or the daemon refused it.
    case dppURI = 17
    /// `dpp`: the peer never answered: every frame went unacknowledged over the air, or the
    /// daemon could not start authentication at all (no radio, unreachable address).
    case dppNoPeer = 18
    /// `dpp`: the peer answered but the exchange failed: not compatible, authentication or
    /// configuration refused.
    case dppRejected = 19

    // WPS (hostapd, wpa_supplicant) and OpenSync (OVSDB).
    /// A WPS PIN fails the checksum rule (its last digit does not match): it was mistyped.
    case wpsPinChecksum = 20
    /// The other side reports a wrong PIN (config_error 18, device password authentication failure).
    case wpsWrongPin = 21
    /// Two devices pushed the button at once (PBC session overlap): refused, it may be an attacker.
    case wpsOverlap = 22
    /// The AP locked its setup (config_error 15, too many wrong PINs): wait or unlock it.
    case wpsSetupLocked = 23
    /// The WPS window closed (WPS-TIMEOUT) without a device completing.
    case wpsWindowClosed = 24
    /// WPS failed otherwise (no registrar found, another config_error); the message names it.
    case wpsFailed = 25
    /// OpenSync's rules refuse the request (no such SSID/interface, unknown key id, a session with another key id).
    case openSyncRefused = 26
    // `esp-prov doctor`: the first area asked about that cannot work here (README, "doctor").
    /// Bluetooth LE cannot work: no kernel support, no adapter, no bluetoothd, powered off or not permitted.
    case doctorBluetooth = 27
    /// No interface reaches the SoftAP address on-link: the host has not joined a device's access point.
    case doctorSoftAP = 28
    /// DPP or WPS cannot work: no usable wpa_supplicant/hostapd control socket, or its build lacks the method.
    case doctorDaemon = 29

    /// Ctrl-C, SIGTERM or SIGHUP: the run was stopped by the user (the message says whether the device changed).
    case interrupted = 130

    /// The stable machine-readable name, used as `error` in JSON output.
    var name: String {
        switch self {
        case .success: return "ok"
        case .internalError: return "internal"
        case .usage: return "usage"
        case .transport: return "transport"
        case .auth: return "auth"
        case .wifiAuth: return "wifi_auth"
        case .wifiNotFound: return "wifi_not_found"
        case .timeout: return "timeout"
        case .protocolError: return "protocol"
        case .unsupported: return "unsupported"
        case .outcomeUnknown: return "outcome_unknown"
        case .batchFailed: return "batch_failed"
        case .threadAttach: return "thread_attach"
        case .threadNotFound: return "thread_not_found"
        case .daemonUnreachable: return "daemon_unreachable"
        case .daemonPermission: return "daemon_permission"
        case .daemonUnsupported: return "daemon_unsupported"
        case .dppURI: return "dpp_uri"
        case .dppNoPeer: return "dpp_no_peer"
        case .dppRejected: return "dpp_rejected"
        case .wpsPinChecksum: return "wps_pin_checksum"
        case .wpsWrongPin: return "wps_wrong_pin"
        case .wpsOverlap: return "wps_overlap"
        case .wpsSetupLocked: return "wps_setup_locked"
        case .wpsWindowClosed: return "wps_window_closed"
        case .wpsFailed: return "wps_failed"
        case .openSyncRefused: return "opensync_refused"
        case .doctorBluetooth: return "doctor_bluetooth"
        case .doctorSoftAP: return "doctor_softap"
        case .doctorDaemon: return "doctor_daemon"
        case .interrupted: return "interrupted"
        }
    }
}
