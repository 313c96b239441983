import ProvClient

/// An async mutex for one Bluetooth adapter: BlueZ handles one discovery and one connection
/// attempt at a time per adapter, so those steps of a batch's BLE devices take turns here while
/// their exchanges (the slow part) run concurrently.
///
/// A plain actor is not enough: its methods interleave at every `await`. Waiters are served in
/// arrival order; a waiter whose task is cancelled leaves the queue at once.
public actor AdapterLock {
    private var held = false
    private var waiters: [(id: Int, continuation: CheckedContinuation<Void, Error>)] = []
    private var nextID = 0

    public init() {}

    /// Runs `body` while holding the lock; throws `CancellationError` if cancelled while waiting.
    public nonisolated func withLock<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await acquire()
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }

    private func acquire() async throws {
        if !held {
            held = true
            return
        }
        let id = nextID
        nextID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append((id, continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    /// Hands the lock straight to the next waiter, so nobody can jump the queue.
    private func release() {
        if waiters.isEmpty {
            held = false
        } else {
            waiters.removeFirst().continuation.resume()
        }
    }

    private func cancelWaiter(_ id: Int) {
        guard let position = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: position).continuation.resume(throwing: CancellationError())
    }
}
