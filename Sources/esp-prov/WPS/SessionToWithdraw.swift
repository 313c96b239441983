import Foundation
import WPS
import WpaCtrl

/// The daemon a `wps` run talks to, once known, so an interrupt can take back what the run asked
/// for (`WPSWithdrawal`) from the signal queue while the run itself waits on the daemon.
/// `@unchecked Sendable`: `target` is guarded by `lock`.
final class SessionToWithdraw: @unchecked Sendable {
    private let lock = NSLock()
    private var target: (endpoint: ControlEndpoint, clientDirectory: String, kind: DaemonKind)?

    func set(endpoint: ControlEndpoint, clientDirectory: String, kind: DaemonKind) {
        lock.lock()
        target = (endpoint, clientDirectory, kind)
        lock.unlock()
    }

    /// `WPS_CANCEL` and what the daemon reports afterwards; nil when no daemon was reached yet.
    func withdraw() -> String? {
        lock.lock()
        let target = target
        lock.unlock()
        guard let target else { return nil }
        let withdrawal = WPSWithdrawal.withdraw(at: target.endpoint, clientDirectory: target.clientDirectory, kind: target.kind)
        return withdrawal.confirmed
            ? "the WPS session was cancelled (\(withdrawal.detail))"
            : "the WPS session could NOT be confirmed cancelled (\(withdrawal.detail)): check the daemon (wpa_cli wps_cancel)"
    }
}
