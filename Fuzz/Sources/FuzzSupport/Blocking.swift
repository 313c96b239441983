import Dispatch

/// Runs async work to completion from libFuzzer's synchronous callback. The callback's thread is
/// not one of Swift's cooperative threads, so waiting on it cannot starve the work it waits for.
public func runBlocking(_ work: @escaping @Sendable () async -> Void) {
    let done = DispatchSemaphore(value: 0)
    Task {
        await work()
        done.signal()
    }
    done.wait()
}
