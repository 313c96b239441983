import Foundation

/// Waits with a deadline from code that cannot `await` (a signal handler, a watcher thread) for
/// work that cannot be cancelled (getaddrinfo, waiting for a child process) or that is async
/// (closing a transport). The work outlives a timeout and its result is dropped; the callers exit
/// soon after such a failure.
package enum BlockingCall {
    /// Runs `work` on its own thread: its value, or nil when it did not finish within `deadline`.
    package static func run<Value: Sendable>(within deadline: Duration, _ work: @escaping @Sendable () -> Value) -> Value? {
        let result = ResultSlot<Value>()
        Thread.detachNewThread {
            result.value = work()
            result.filled.signal()
        }
        return result.wait(deadline)
    }

    /// Runs async `work` in a detached task: its value, or nil when it did not finish within `deadline`.
    package static func run<Value: Sendable>(within deadline: Duration, _ work: @escaping @Sendable () async -> Value) -> Value? {
        let result = ResultSlot<Value>()
        Task.detached {
            result.value = await work()
            result.filled.signal()
        }
        return result.wait(deadline)
    }
}

/// Written once by the worker before `filled` is signalled, read only after the wait succeeds: the
/// semaphore orders the two.
/// `@unchecked Sendable`: the semaphore orders the worker's one write before the caller's read.
private final class ResultSlot<Value>: @unchecked Sendable {
    let filled = DispatchSemaphore(value: 0)
    var value: Value?

    func wait(_ deadline: Duration) -> Value? {
        guard filled.wait(timeout: .now() + deadline.seconds) == .success else { return nil }
        return value
    }
}
