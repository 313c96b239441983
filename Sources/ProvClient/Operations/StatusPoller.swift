/// Polls the device's status after an apply until it reports joining the network, a failure, or
/// time runs out: the one wait behind both the Wi-Fi join and the Thread attach. What differs
/// between them (request, schedule, messages) is the `StatusWatch`; the pacing is `AdaptivePolling`.
public struct StatusPoller<Joined: Sendable & Equatable, Failure: Sendable & Equatable>: Sendable {
    /// What to ask and what to say.
    public let watch: StatusWatch<Joined, Failure>
    /// The waiting schedule, bounded by the run's timeout.
    public let polling: AdaptivePolling

    /// The watch's own schedule, bounded by `timeout` (the user's run timeout).
    public init(_ watch: StatusWatch<Joined, Failure>, timeout: Duration = .seconds(60)) {
        self.init(watch, polling: watch.schedule(timeout))
    }

    /// A custom schedule, for tests that must not wait.
    public init(_ watch: StatusWatch<Joined, Failure>, polling: AdaptivePolling) {
        self.watch = watch
        self.polling = polling
    }

    /// Returns what the device joined, or throws the watch's error for the failure it reported,
    /// for three `disconnected` answers, for silence (`.outcomeUnknown`) or for the timeout.
    /// `onState` sees every answer with the seconds since the wait began.
    public func wait(
        session: Session, onState: (NetworkStatus<Joined, Failure>, Double) -> Void
    ) async throws -> Joined {
        var disconnectedReports = 0
        var lastAttemptsRemaining: UInt32?
        return try await polling.poll({ start in
            let status: NetworkStatus<Joined, Failure>
            do {
                status = try await watch.ask(session)
            } catch let error as ProvError where error.meansDeviceUnreachable {
                throw watch.unreachable(error)
            }
            onState(status, (ContinuousClock.now - start).seconds)
            switch status {
            case .joined(let joined):
                return joined
            case .joining(let attempts):
                lastAttemptsRemaining = attempts ?? lastAttemptsRemaining
                return nil
            case .failed(let failure):
                throw watch.failure(failure)
            case .disconnected:
                disconnectedReports += 1
                if disconnectedReports >= 3 { throw watch.keepsDisconnecting }
                return nil
            }
        }, expired: {
            watch.expired(polling.timeout, lastAttemptsRemaining)
        })
    }
}
