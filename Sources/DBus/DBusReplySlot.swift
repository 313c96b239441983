import Foundation

/// A one-shot rendezvous between the event-loop thread and an awaiting task.
///
/// Whoever completes first wins (reply, timeout, disconnect or task cancellation); later
/// completions are ignored, so the continuation is resumed exactly once.
final class DBusReplySlot<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Value, Error>?
    private var result: Result<Value, Error>?

    /// Suspends until `complete` is called; `start` runs once the continuation is installed.
    func wait(start: () -> Void) async throws -> Value {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                lock.lock()
                if let result {
                    lock.unlock()
                    continuation.resume(with: result)
                    return
                }
                self.continuation = continuation
                lock.unlock()
                start()
            }
        } onCancel: {
            complete(.failure(CancellationError()))
        }
    }

    func complete(_ outcome: Result<Value, Error>) {
        lock.lock()
        guard result == nil else {
            lock.unlock()
            return
        }
        result = outcome
        let waiting = continuation
        continuation = nil
        lock.unlock()
        waiting?.resume(with: outcome)
    }
}
