import Foundation
import ProcessSignals

/// Runs a `CleanupRegistry` when an interrupt (`SignalWatch.interrupts`) arrives, then hands over to `onSignal`
/// (the CLI exits 130 there). Without it, Ctrl-C leaves client sockets in /tmp and bootstrap
/// entries in the daemon. Handlers are dispatch sources (`SignalWatch`), so the cleanup runs as
/// normal code, not in a signal handler. `cancel()` restores the default dispositions.
public final class SignalCleanup: Sendable {
    private let watch: SignalWatch

    /// Watches `signals` from now on, so Ctrl-C still unlinks our client sockets; `cancel()` undoes it.
    public init(
        registry: CleanupRegistry, signals: [Int32] = SignalWatch.interrupts,
        onSignal: @escaping @Sendable (Int32) -> Void
    ) {
        watch = SignalWatch(signals, queue: DispatchQueue(label: "esp-prov.signal-cleanup")) { number in
            registry.runAll()
            onSignal(number)
        }
    }

    /// Stops watching and restores the default actions of the signals.
    public func cancel() {
        watch.cancel(restoringDefaults: true)
    }

    deinit { cancel() }
}
