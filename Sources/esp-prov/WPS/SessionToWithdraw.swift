import Synchronization
import WPS
import WpaCtrl

/// The daemon a `wps` run talks to, once known, so an interrupt can take back what the run asked
/// for (`WPSWithdrawal`) from the signal queue while the run itself waits on the daemon.
final class SessionToWithdraw: Sendable {
    private let target = Mutex<(endpoint: ControlEndpoint, clientDirectory: String, kind: DaemonKind)?>(nil)

    func set(endpoint: ControlEndpoint, clientDirectory: String, kind: DaemonKind) {
        target.withLock { $0 = (endpoint, clientDirectory, kind) }
    }

    /// `WPS_CANCEL` and what the daemon reports afterwards; nil when no daemon was reached yet.
    func withdraw() -> String? {
        guard let target = target.withLock({ $0 }) else { return nil }
        let withdrawal = WPSWithdrawal.withdraw(at: target.endpoint, clientDirectory: target.clientDirectory, kind: target.kind)
        return withdrawal.confirmed
            ? "the WPS session was cancelled (\(withdrawal.detail))"
            : "the WPS session could NOT be confirmed cancelled (\(withdrawal.detail)): check the daemon (wpa_cli wps_cancel)"
    }
}
