/// The provisioning manager's `prov_state` (§6.1), from the point the service has started.
/// Apply is accepted only in `.started`; "≥ CRED_RECV" means any later state.
enum ProvState: Int, Comparable, Sendable {
    case started = 2
    case credentialsReceived = 3
    case success = 4
    case fail = 5

    static func < (lhs: ProvState, rhs: ProvState) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The manager's own bookkeeping (§6.1), shared by its Wi-Fi and Thread halves: where provisioning
/// stands, which pending connection (or attach) is still wanted, and whether the stop is scheduled.
struct ManagerState: Sendable {
    var prov: ProvState = .started
    /// Bumped whenever a pending connection/attach must be abandoned (new apply, reset, reprov, stop);
    /// a timer that fires for an older epoch does nothing.
    private(set) var connectionEpoch = 0
    var stopScheduled = false

    /// Whether ApplyConfig may start a connection: only once per round ("credentials already received").
    var acceptsCredentials: Bool { prov < .credentialsReceived }

    /// Abandons whatever connection or attach is pending; returns the epoch a new one runs under.
    mutating func abandonConnection() -> Int {
        connectionEpoch += 1
        return connectionEpoch
    }

    /// Whether a connection started under `epoch` is still the wanted one.
    func isCurrent(_ epoch: Int) -> Bool { epoch == connectionEpoch }
}
