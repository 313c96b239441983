/// A network wpa_supplicant holds after a WPS run: how it is named and secured, never its key.
public struct WPSNetwork: Sendable, Equatable {
    public var id: Int
    public var ssid: String
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
