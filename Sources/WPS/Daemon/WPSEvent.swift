import WpaCtrl

/// The WPS events of hostapd and wpa_supplicant (docs/onboarding.md §3), decoded into what decides a run.
/// Events that carry the credential in clear (`WPS-CRED-RECEIVED`, `WPS-NEW-AP-SETTINGS`,
/// `WPS-ER-AP-SETTINGS ... key=`) keep nothing of their payload, so no code path can print it.
public enum WPSEvent: Sendable, Equatable {
    /// `WPS-PBC-ACTIVE` / `WPS-PIN-ACTIVE`: the daemon runs a session.
    case active(pushButton: Bool)
    /// `WPS-PBC-DISABLE`: hostapd's push-button window closed (after success, timeout or cancel).
    case pushButtonDisabled
    /// `WPS-SUCCESS`.
    case success
    /// `WPS-REG-SUCCESS <enrollee mac> <uuid>`: hostapd registered an enrollee.
    case registered(mac: String, uuid: String)
    /// `WPS-ENROLLEE-SEEN <mac> <uuid> ... [device name]`: an enrollee's probe (over the air).
    case enrolleeSeen(mac: String, deviceName: String?)
    /// `WPS-CRED-RECEIVED`: a credential arrived (its content is dropped here).
    case credentialReceived
    /// `WPS-NEW-AP-SETTINGS` / `WPS-ER-AP-SETTINGS`: AP settings arrived (their content is dropped here).
    case apSettings
    /// `WPS-TIMEOUT`: the walk time (2 minutes) passed without a session.
    case timeout
    /// `WPS-OVERLAP-DETECTED`: two devices in push-button mode at once.
    case overlap
    /// `WPS-AP-SETUP-LOCKED`: hostapd locked its AP PIN after failed attempts.
    case setupLocked
    /// `WPS-FAIL [msg=<n>] [config_error=<n>] [reason=<n>]`.
    case fail(message: Int?, configError: Int?)
    /// `WPS-M2D`: the registrar answered but has nothing for this device (button not pushed, PIN not entered).
    case registrarNotReady(configError: Int?)
    /// `CTRL-EVENT-NETWORK-ADDED <id>` / `CTRL-EVENT-NETWORK-REMOVED <id>` (wpa_supplicant's WPS network).
    case networkAdded(Int)
    /// `CTRL-EVENT-NETWORK-REMOVED <id>`: the network block went away.
    case networkRemoved(Int)

    /// Events whose text holds a credential: never logged beyond their name.
    public static let secretBearing: Set<Substring> = ["WPS-CRED-RECEIVED", "WPS-NEW-AP-SETTINGS", "WPS-ER-AP-SETTINGS"]

    /// Nil for events that play no part in a WPS run.
    public init?(_ event: WpaCtrlEvent) {
        let parameters = event.parameters
        let words = event.arguments.split(separator: " ")
        switch event.name {
        case "WPS-PBC-ACTIVE": self = .active(pushButton: true)
        case "WPS-PIN-ACTIVE": self = .active(pushButton: false)
        case "WPS-PBC-DISABLE": self = .pushButtonDisabled
        case "WPS-SUCCESS": self = .success
        case "WPS-REG-SUCCESS":
            guard words.count >= 2 else { return nil }
            self = .registered(mac: String(words[0]), uuid: String(words[1]))
        case "WPS-ENROLLEE-SEEN":
            guard let mac = words.first else { return nil }
            let text = event.arguments
            let name = text.firstIndex(of: "[").flatMap { open in text.lastIndex(of: "]").map { String(text[text.index(after: open)..<$0]) } }
            self = .enrolleeSeen(mac: String(mac), deviceName: name.flatMap { $0.isEmpty ? nil : $0 })
        case "WPS-CRED-RECEIVED": self = .credentialReceived
        case "WPS-NEW-AP-SETTINGS", "WPS-ER-AP-SETTINGS": self = .apSettings
        case "WPS-TIMEOUT": self = .timeout
        case "WPS-OVERLAP-DETECTED": self = .overlap
        case "WPS-AP-SETUP-LOCKED": self = .setupLocked
        case "WPS-FAIL": self = .fail(message: parameters["msg"].flatMap { Int($0) }, configError: parameters["config_error"].flatMap { Int($0) })
        case "WPS-M2D": self = .registrarNotReady(configError: parameters["config_error"].flatMap { Int($0) })
        case "CTRL-EVENT-NETWORK-ADDED":
            guard let id = words.first.flatMap({ Int($0) }) else { return nil }
            self = .networkAdded(id)
        case "CTRL-EVENT-NETWORK-REMOVED":
            guard let id = words.first.flatMap({ Int($0) }) else { return nil }
            self = .networkRemoved(id)
        default: return nil
        }
    }

    /// What `-v` may show of any event: the whole text, or only the name of one that holds a secret.
    public static func loggable(_ event: WpaCtrlEvent) -> String {
        secretBearing.contains(event.name) ? "\(event.name) (credential not shown)" : event.text
    }
}
