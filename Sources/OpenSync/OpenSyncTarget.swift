/// Which VIFs a WPS request is for. By SSID is the safe default: one hostapd serving several VIFs
/// starts WPS on every VIF with `wps` true, so a session must cover exactly one network's VIFs.
public enum OpenSyncTarget: Sendable, Equatable, CustomStringConvertible {
    case ssid(String)
    case ifName(String)

    func matches(_ vif: OpenSyncVIF) -> Bool {
        switch self {
        case .ssid(let ssid): return vif.ssid == ssid
        case .ifName(let name): return vif.ifName == name
        }
    }

    public var description: String {
        switch self {
        case .ssid(let ssid): return "SSID '\(ssid)'"
        case .ifName(let name): return "interface \(name)"
        }
    }
}
