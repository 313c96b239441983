import Dispatch
import Foundation

/// Turns SIGINT/SIGTERM into something `await`able, so the device shuts down cleanly (server closed,
/// timers cancelled) instead of dying mid-response.
final class SignalWaiter: @unchecked Sendable {
    private let sources: [DispatchSourceSignal]
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init(signals: [Int32]) {
        (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let continuation = self.continuation
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield() }
            source.resume()
            return source
        }
    }

    /// Returns at the first signal, or when the waiting task is cancelled.
    func wait() async {
        for await _ in stream { return }
    }

    func cancel() {
        for source in sources { source.cancel() }
        continuation.finish()
    }
}
