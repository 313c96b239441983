import Foundation
import ProcessSignals

/// Turns the interrupt signals (`SignalWatch.interrupts`) into something `await`able, so the device shuts down cleanly (server closed,
/// timers cancelled) instead of dying mid-response.
final class SignalWaiter: Sendable {
    private let watch: SignalWatch
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init(signals: [Int32]) {
        (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let continuation = self.continuation
        watch = SignalWatch(signals) { _ in continuation.yield() }
    }

    /// Returns at the first signal, or when the waiting task is cancelled.
    func wait() async {
        for await _ in stream { return }
    }

    func cancel() {
        watch.cancel()
        continuation.finish()
    }
}
