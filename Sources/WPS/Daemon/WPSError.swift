/// Why a WPS run on hostapd or wpa_supplicant failed, decoded from the event stream, each case
/// with its own message so the user knows what to do next.
public enum WPSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// config_error 18: the PIN the two sides used differs.
    case wrongPin
    /// Two devices were in push-button mode at once; the session was cancelled.
    case overlap
    /// The AP locked its setup (config_error 15 / WPS-AP-SETUP-LOCKED).
    case setupLocked
    /// WPS-TIMEOUT, or the push-button window closed without a device completing.
    case windowClosed(registrar: Bool)
    /// The registrar answered M2D and the daemon gave up: no button pushed / PIN not entered there.
    case registrarNotReady
    /// Another WPS-FAIL; `configError` when the daemon gave one.
    case failed(configError: Int?)
    /// The daemon's build has no WPS (`UNKNOWN COMMAND`), or WPS is off in its configuration (`FAIL`).
    case notAvailable(command: String, unknownCommand: Bool)
    /// The command does not exist for this daemon kind (an AP PIN needs wpa_supplicant).
    case wrongDaemon(needs: String)
    /// The run succeeded but no new network appeared in wpa_supplicant.
    case noNewNetwork
    /// `SAVE_CONFIG` failed; `updateConfigOff` when wpa_supplicant runs with update_config=0.
    case saveFailed(updateConfigOff: Bool)
    /// No decisive event before the deadline; the session was cancelled.
    case deadline(after: Duration, sawRegistrarNotReady: Bool)
    /// An AP PIN run (`WPS_REG`) heard nothing from any AP (no EAP exchange) before the deadline or
    /// the walk time: a wrong BSSID looks exactly like this.
    case noAPAnswered(bssid: String, after: Duration)

    /// What happened and what to do, never a credential.
    public var description: String {
        switch self {
        case .wrongPin:
            return "wrong PIN (config_error 18, device password authentication failure): check the PIN on both sides"
        case .overlap:
            return "push-button session overlap: two devices pushed their button at once (possibly an attacker); "
                + "the session was cancelled, wait two minutes and retry with only your device"
        case .setupLocked:
            return "the AP has locked its WPS setup (config_error 15, too many wrong PINs): wait, or unlock it on the AP (hostapd: WPS_AP_PIN)"
        case .windowClosed(let registrar):
            return registrar
                ? "the WPS window closed (WPS-TIMEOUT) without a device completing: start the device's WPS within 2 minutes"
                : "no WPS registrar completed within the walk time (WPS-TIMEOUT): is WPS started on the AP (button pushed, PIN entered)?"
        case .registrarNotReady:
            return "the AP's registrar was found but has no session for this device (WPS-M2D): push the AP's WPS button "
                + "or enter the PIN on the AP first, then retry"
        case .failed(let configError):
            return "WPS failed" + (configError.map { " (\(WPSConfigError.text($0)))" } ?? "")
        case .notAvailable(let command, let unknownCommand):
            return unknownCommand
                ? "the daemon does not know \(command): its build has no WPS"
                : "the daemon refused \(command): is WPS enabled in its configuration (hostapd: wps_state=2; wpa_supplicant: a WPS build)?"
        case .wrongDaemon(let needs):
            return "this needs \(needs) on the control socket"
        case .noNewNetwork:
            return "WPS reported success but wpa_supplicant has no new network"
        case .saveFailed(let updateConfigOff):
            return updateConfigOff
                ? "the network was added but not saved: wpa_supplicant runs with update_config=0; add update_config=1 to its configuration file, or run with --update_config (SET update_config 1, then SAVE_CONFIG)"
                : "the network was added but SAVE_CONFIG failed: is wpa_supplicant's configuration file writable?"
        case .noAPAnswered(let bssid, let after):
            return "no AP answered for BSSID \(bssid) within \(after); the session was cancelled: check the BSSID "
                + "(the AP's label, or wpa_cli scan_results), that the AP is in range and that WPS is enabled on it"
        case .deadline(let after, let sawM2D):
            return "no WPS outcome within \(after); the session was cancelled"
                + (sawM2D ? " (the registrar answered but had no session for this device: push the AP's button or enter the PIN there)" : "")
        }
    }
}
