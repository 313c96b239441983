import Synchronization

/// A one-shot rendezvous between the event-loop thread and an awaiting task.
///
/// Whoever completes first wins (reply, timeout, disconnect or task cancellation); later
/// completions are ignored, so the continuation is resumed exactly once.
final class DBusReplySlot<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, Error>?
        var result: Result<Value, Error>?
    }

    private let state = Mutex(State())

    /// Suspends until `complete` is called; `start` runs once the continuation is installed.
    func wait(start: () -> Void) async throws -> Value {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let early = state.withLock { state -> Result<Value, Error>? in
                    if let result = state.result { return result }
                    state.continuation = continuation
                    return nil
                }
                if let early {
                    continuation.resume(with: early)
                    return
                }
                start()
            }
        } onCancel: {
            complete(.failure(CancellationError()))
        }
    }

    func complete(_ outcome: Result<Value, Error>) {
        let waiting = state.withLock { state -> CheckedContinuation<Value, Error>? in
            guard state.result == nil else { return nil }
            state.result = outcome
            defer { state.continuation = nil }
            return state.continuation
        }
        waiting?.resume(with: outcome)
    }
}
