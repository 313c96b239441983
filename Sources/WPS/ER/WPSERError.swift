/// Why an External Registrar run failed where `WPSError` has no word for it, each with what to do.
public enum WPSERError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `WPS_ER_START` answered FAIL: no UPnP on that interface (no IPv4 address, no multicast) or a bad filter.
    case startRefused(filter: String?)
    /// No AP matching `target` announced itself over UPnP before the deadline.
    case apNotFound(target: String, seen: [String])
    /// No enrollee matching `target` was relayed by any AP before the deadline.
    case enrolleeNotFound(target: String)
    /// The ER refused the command for an AP or enrollee it had listed (the daemon gave no reason).
    case commandRefused(command: String, target: String)

    public var description: String {
        switch self {
        case .startRefused(let filter):
            return "wpa_supplicant refused WPS_ER_START" + (filter.map { " \($0)" } ?? "")
                + ": its interface needs an IPv4 address and multicast (UPnP/SSDP), and a filter must be an IPv4 address"
        case .apNotFound(let target, let seen):
            return "no AP answered over UPnP for \(target) in time"
                + (seen.isEmpty ? " (no AP at all: is hostapd's upnp_iface on this network, and the ER's interface too?)"
                    : " (seen: \(seen.joined(separator: ", ")); run esp-prov wps er list)")
        case .enrolleeNotFound(let target):
            return "no AP relayed an enrollee \(target) in time: start WPS on the device first (its M1 must reach the AP), "
                + "then run esp-prov wps er list to see its UUID"
        case .commandRefused(let command, let target):
            return "wpa_supplicant refused \(command) for \(target)"
        }
    }
}
