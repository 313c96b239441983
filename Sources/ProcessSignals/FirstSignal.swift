import Synchronization

/// Lets only the first of several signals through: SIGINT and SIGTERM (and SIGHUP) sent together
/// reach `SignalWatch`'s handler on different threads, and each would print the run's outcome and
/// write a batch's missing report lines again. The first caller of `claim()` ends the run; the
/// others return at once and leave it to that one.
public final class FirstSignal: Sendable {
    private let claimed = Mutex(false)

    public init() {}

    /// True exactly once, for the first caller.
    public func claim() -> Bool {
        claimed.withLock { claimed in
            defer { claimed = true }
            return !claimed
        }
    }
}
