import ProvClient

/// Bounded waits for the BLE transport: every step either finishes, hits its deadline, or is
/// cut short by the link going down — whichever comes first.
enum BLEDeadline {
    /// Runs `operation`. Throws `timeoutError` once `timeout` passes, or the error returned by
    /// `abort` as soon as `abort` returns (it waits for a condition such as a disconnect and
    /// returns early only when cancelled). The losers are cancelled.
    static func run<T: Sendable>(
        _ timeout: Duration,
        timeoutError: ProvError,
        abort: (@Sendable () async -> ProvError)? = nil,
        _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw timeoutError
            }
            if let abort {
                group.addTask {
                    let error = await abort()
                    try Task.checkCancellation()
                    throw error
                }
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw timeoutError }
            return first
        }
    }
}
