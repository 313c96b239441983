import Foundation

/// Blocking work that cannot be cancelled (getaddrinfo, waiting for a child process), run on its
/// own thread so the caller's wait has a deadline: nil when it did not finish in time. The thread
/// outlives a timeout and its result is dropped; esp-prov exits soon after such a failure.
enum BlockingCall {
    static func run<Value: Sendable>(within deadline: Duration, _ work: @escaping @Sendable () -> Value) -> Value? {
        let result = ResultSlot<Value>()
        Thread.detachNewThread {
            result.value = work()
            result.filled.signal()
        }
        guard result.filled.wait(timeout: .now() + deadline.seconds) == .success else { return nil }
        return result.value
    }
}

/// Written once by the worker before `filled` is signalled, read only after the wait succeeds: the
/// semaphore orders the two.
/// `@unchecked Sendable`: the semaphore orders the worker's one write before the caller's read (see above).
private final class ResultSlot<Value>: @unchecked Sendable {
    let filled = DispatchSemaphore(value: 0)
    var value: Value?
}
