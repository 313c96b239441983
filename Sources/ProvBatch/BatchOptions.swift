import ProvClient

/// How a batch runs: how many devices at once, how hard to retry, how long each device may take.
public struct BatchOptions: Sendable, Equatable {
    /// Devices provisioned at the same time (at least 1).
    public var jobs: Int
    /// Extra attempts for a device whose failure may be transient (see `ProvError.isTransient`).
    public var retries: Int
    /// Pause before retry n is n × this (a device rebooting its SoftAP needs a moment).
    public var retryDelay: Duration
    /// Everything for one device, retries included, must finish within this.
    public var deviceTimeout: Duration
    /// How long to wait for the Wi-Fi outcome after applying (as `--timeout`).
    public var statusTimeout: Duration

    public init(
        jobs: Int = 4, retries: Int = 1, retryDelay: Duration = .seconds(2), deviceTimeout: Duration = .seconds(180),
        statusTimeout: Duration = .seconds(60)
    ) {
        self.jobs = max(1, jobs)
        self.retries = max(0, retries)
        self.retryDelay = retryDelay
        self.deviceTimeout = deviceTimeout
        self.statusTimeout = statusTimeout
    }
}
