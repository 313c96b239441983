/// The one bounded wait for async work: the work finishes, its deadline passes, or (optionally) an
/// abort condition such as a lost link ends it first, whichever comes first; the losers are cancelled.
package enum Deadline {
    /// Runs `operation`. Throws `timeoutError()` once `deadline` passes, or the error returned by
    /// `abort` as soon as `abort` returns (it waits for a condition such as a disconnect and
    /// returns early only when cancelled).
    package static func run<T: Sendable>(
        until deadline: ContinuousClock.Instant,
        timeoutError: @escaping @Sendable () -> any Error,
        abort: (@Sendable () async -> any Error)? = nil,
        _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                throw timeoutError()
            }
            if let abort {
                group.addTask {
                    let error = await abort()
                    try Task.checkCancellation()
                    throw error
                }
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw timeoutError() }
            return first
        }
    }
}
