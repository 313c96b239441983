/// A network wpa_supplicant holds after a WPS run: how it is named and secured, never its key.
public struct WPSNetwork: Sendable, Equatable {
    /// wpa_supplicant's id of the network block WPS added, for `SAVE_CONFIG` or later use.
    public var id: Int
    /// The network the enrollee got.
    public var ssid: String
    /// Its key management, when the daemon reports it.
    public var keyManagement: String?
}

/// What a successful WPS run produced, per role.
public enum WPSOutcome: Sendable, Equatable {
    /// hostapd registered an enrollee: its MAC, UUID and (when it told) device name.
    case registered(mac: String, uuid: String, deviceName: String?)
    /// wpa_supplicant enrolled and holds these new networks.
    case joined([WPSNetwork])
    /// wpa_supplicant, as external registrar with the AP's PIN, learned the AP's network.
    case learned(WPSNetwork)
}
