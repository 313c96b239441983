/// Which VIFs a WPS request is for. By SSID is the safe default: one hostapd serving several VIFs
/// starts WPS on every VIF with `wps` true, so a session must cover exactly one network's VIFs.
public enum OpenSyncTarget: Sendable, Equatable, CustomStringConvertible {
    /// Every VIF whose `Wifi_VIF_Config.ssid` is this: the usual request, one network on all its radios.
    case ssid(String)
    /// Exactly one interface (`if_name`), for when an SSID spans VIFs that should not all advertise WPS.
    case ifName(String)

    func matches(_ vif: OpenSyncVIF) -> Bool {
        switch self {
        case .ssid(let ssid): return vif.ssid == ssid
        case .ifName(let name): return vif.ifName == name
        }
    }

    /// How messages name the target ("SSID 'Home'", "interface wl0").
    public var description: String {
        switch self {
        case .ssid(let ssid): return "SSID '\(ssid)'"
        case .ifName(let name): return "interface \(name)"
        }
    }
}
