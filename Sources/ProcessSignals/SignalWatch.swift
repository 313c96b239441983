import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Delivers signals (`interrupts` by default) as ordinary code on a dispatch queue rather than
/// in a signal handler, so a program can restore the terminal, unlink sockets or shut a server down
/// before it exits: each signal's default action is turned off (`SIG_IGN`) and a dispatch source
/// watches it. The one place the CLI's interrupt handling, WpaCtrl's cleanup and the virtual
/// device's shutdown do this; it depends on nothing but Dispatch.
/// `@unchecked Sendable`: immutable after `init`, and dispatch sources are thread-safe (Linux Dispatch does not mark them `Sendable`).
public final class SignalWatch: @unchecked Sendable {
    /// The signals that mean "stop now" (Ctrl-C, kill, the terminal or ssh session going away).
    public static let interrupts: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// The signals watched, so `cancel` knows which dispositions to restore.
    public let signals: [Int32]
    private let sources: [DispatchSourceSignal]

    /// Starts watching `signals` at once (install it before anything can send one: a signal that
    /// arrives between `SIG_IGN` and the source is lost); `handler` runs on `queue` with the number.
    public init(
        _ signals: [Int32] = SignalWatch.interrupts, queue: DispatchQueue = .global(),
        handler: @escaping @Sendable (Int32) -> Void
    ) {
        self.signals = signals
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { handler(number) }
            source.resume()
            return source
        }
    }

    /// Stops watching; with `restoringDefaults` the signals act as before (e.g. Ctrl-C kills the
    /// process again), otherwise they stay ignored.
    public func cancel(restoringDefaults: Bool = false) {
        for source in sources { source.cancel() }
        if restoringDefaults {
            for number in signals { signal(number, SIG_DFL) }
        }
    }
}
