/// Which daemon answers on a socket. The DPP and WPS commands differ between them (who is the
/// registrar, which role a side may take), so it is detected from `STATUS`, never assumed from a path.
public enum DaemonKind: String, Sendable, Equatable {
    /// The station side: enrollee, configurator, external registrar.
    case wpaSupplicant = "wpa_supplicant"
    /// The AP side: registrar, configurator or enrollee.
    case hostapd

    /// wpa_supplicant's STATUS has `wpa_state=`; hostapd's has `state=` and `bss[0]=` (or at least `state=`).
    public init?(status: String) {
        var keys = Set<Substring>()
        for line in status.split(whereSeparator: \.isNewline) {
            if let equals = line.firstIndex(of: "=") { keys.insert(line[..<equals]) }
        }
        if keys.contains("wpa_state") {
            self = .wpaSupplicant
        } else if keys.contains("state") {
            self = .hostapd
        } else {
            return nil
        }
    }
}
