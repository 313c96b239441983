/// Where the device's join of a network stands, as its status command reports it: the same four
/// states for Wi-Fi (`GetStatus`, docs/protocol.md §5.3, §6.1, §8.11) and Thread (`GetThreadStatus`,
/// docs/protocol.md §2.11), so one poller and one pair of reporters serve both. `Joined` is what the
/// device reports on success, `Failure` why it gave up.
public enum NetworkStatus<Joined: Sendable & Equatable, Failure: Sendable & Equatable>: Sendable, Equatable {
    /// Still connecting / attaching (state 1); `attemptsRemaining` is set when a Wi-Fi connection
    /// attempt failed (IDF v5.4.1+). Thread devices never report it.
    case joining(attemptsRemaining: UInt32?)
    /// State 0 with the network's details: the run's success.
    case joined(Joined)
    /// The failure state (3) with its reason: the run fails with advice.
    case failed(Failure)
    /// State 2 (Wi-Fi "Disconnected", Thread "Dettached"), which real devices never send; treated as
    /// a failure without a reason when it repeats.
    case disconnected
}
