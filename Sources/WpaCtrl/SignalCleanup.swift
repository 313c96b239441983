import Foundation

/// Runs a `CleanupRegistry` when SIGINT or SIGTERM arrives, then hands over to `onSignal`
/// (the CLI exits 130 there). Without it, Ctrl-C leaves client sockets in /tmp and bootstrap
/// entries in the daemon. Handlers are dispatch sources, so the cleanup runs as normal code,
/// not in a signal handler. `cancel()` restores the default dispositions.
public final class SignalCleanup: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private let signals: [Int32]

    /// Watches `signals` from now on, so Ctrl-C still unlinks our client sockets; `cancel()` undoes it.
    public init(
        registry: CleanupRegistry, signals: [Int32] = [SIGINT, SIGTERM],
        onSignal: @escaping @Sendable (Int32) -> Void
    ) {
        self.signals = signals
        let queue = DispatchQueue(label: "esp-prov.signal-cleanup")
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                registry.runAll()
                onSignal(number)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Stops watching and restores the default actions of the signals.
    public func cancel() {
        for source in sources { source.cancel() }
        sources.removeAll()
        for number in signals { signal(number, SIG_DFL) }
    }

    deinit { cancel() }
}
