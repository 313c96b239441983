import WpaCtrl

/// What an interrupted run left in the daemon, read back after `WPS_CANCEL`: an interrupt must
/// never leave a push-button window open or a PIN authorised (a device that pushes its button
/// two seconds later would join). Sent on a fresh client socket, because the run's own socket
/// may be in the middle of a request when the signal arrives.
public struct WPSWithdrawal: Sendable, Equatable, CustomStringConvertible {
    /// True when the daemon's state shows no WPS session left.
    public let confirmed: Bool
    /// What the daemon said, for the interrupt message.
    public let detail: String

    /// Sends `WPS_CANCEL` to the daemon at `endpoint` and reads its state back: hostapd's
    /// `WPS_GET_STATUS` (`PBC Status:` must not be `Active`), wpa_supplicant's networks (no
    /// `key_mgmt=WPS` network, the one its WPS session works through, may remain).
    public static func withdraw(at endpoint: ControlEndpoint, clientDirectory: String, kind: DaemonKind) -> WPSWithdrawal {
        let client: WpaCtrlClient
        do {
            client = try WpaCtrlClient(endpoint: endpoint, clientDirectory: clientDirectory)
        } catch {
            return WPSWithdrawal(confirmed: false, detail: "could not reach the daemon to send WPS_CANCEL (\(error))")
        }
        defer { client.close() }
        let reply = (try? client.command("WPS_CANCEL", timeout: .seconds(2))) ?? "no reply"
        switch kind {
        case .hostapd:
            guard let status = try? client.command("WPS_GET_STATUS", timeout: .seconds(2)),
                  let pbc = status.split(separator: "\n").first(where: { $0.hasPrefix("PBC Status: ") })?.dropFirst(12) else {
                return WPSWithdrawal(confirmed: reply == "OK", detail: "WPS_CANCEL: \(reply); hostapd did not report its WPS status")
            }
            return WPSWithdrawal(confirmed: pbc != "Active", detail: "WPS_CANCEL: \(reply); hostapd reports PBC Status: \(pbc)")
        case .wpaSupplicant:
            guard let list = try? client.command("LIST_NETWORKS", timeout: .seconds(2)) else {
                return WPSWithdrawal(confirmed: false, detail: "WPS_CANCEL: \(reply); wpa_supplicant did not list its networks")
            }
            let ids = list.split(separator: "\n").dropFirst().compactMap { Int($0.prefix { $0 != "\t" }) }
            let left = ids.filter { (try? client.command("GET_NETWORK \($0) key_mgmt", timeout: .seconds(2))) == "WPS" }
            return WPSWithdrawal(confirmed: left.isEmpty, detail: left.isEmpty
                ? "WPS_CANCEL: \(reply); wpa_supplicant holds no WPS session network"
                : "WPS_CANCEL: \(reply); wpa_supplicant still holds WPS network id \(left.map(String.init).joined(separator: ", "))")
        }
    }

    public var description: String { detail }
}
