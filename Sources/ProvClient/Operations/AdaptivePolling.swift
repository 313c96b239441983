/// How to wait for a device to finish something it reports only when asked (joining Wi-Fi,
/// attaching to Thread): ask quickly at first (it starts about a second after the apply), then back
/// off to `maxInterval`, so a run ends soon after the device knows without hammering a busy device,
/// and never wait past `timeout`.
public struct AdaptivePolling: Sendable {
    public let timeout: Duration
    public let firstInterval: Duration
    public let maxInterval: Duration
    /// Wait before the first question (default `firstInterval`): a caller that knows the device
    /// cannot have an answer yet (the manager's 1 s timer) asks right after it instead of before.
    public let initialDelay: Duration
    /// Factor by which the interval grows after each question.
    public let growth: Double

    public init(
        timeout: Duration = .seconds(60), firstInterval: Duration = .milliseconds(500), maxInterval: Duration = .seconds(2),
        initialDelay: Duration? = nil,
        growth: Double = 1.5
    ) {
        self.timeout = timeout
        self.firstInterval = firstInterval
        self.maxInterval = maxInterval
        self.initialDelay = initialDelay ?? firstInterval
        self.growth = growth
    }

    /// Sleeps, then calls `check` with the start instant; a non-nil answer ends the wait, a thrown
    /// error ends the run. When time runs out, throws what `expired` returns.
    public func poll<Answer>(
        _ check: (_ start: ContinuousClock.Instant) async throws -> Answer?, expired: () -> ProvError
    ) async throws -> Answer {
        let start = ContinuousClock.now
        var wait = initialDelay
        var interval = firstInterval
        while true {
            let remaining = timeout - (ContinuousClock.now - start)
            guard remaining > .zero else { throw expired() }
            try await Task.sleep(for: min(wait, remaining))
            wait = interval
            interval = min(interval * growth, maxInterval)
            if let answer = try await check(start) { return answer }
        }
    }
}
