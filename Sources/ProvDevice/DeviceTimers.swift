/// The device's pending timers, each a task that sleeps and then calls back into the device: kept
/// together so stopping the device cancels every one of them.
struct DeviceTimers: Sendable {
    /// The manager's connect delay, attempt interval or Thread attach timeout.
    var connect: Task<Void, Never>?
    /// A non-blocking scan's end.
    var scan: Task<Void, Never>?
    /// The auto-stop after GOT_IP for a client that never polls.
    var autoStop: Task<Void, Never>?
    /// The stop after a reported success (`cleanup_delay`).
    var stop: Task<Void, Never>?

    func cancelAll() {
        for task in [connect, scan, autoStop, stop] { task?.cancel() }
    }
}
