/// Polls the Wi-Fi state after ApplyConfig until the device reports an outcome or time runs out
/// (the waiting itself is `AdaptivePolling`, shared with the Thread attach).
///
/// The first poll comes just after the manager's 1 s timer between ApplyConfig and
/// `esp_wifi_connect()` (PROTOCOL.md §6.4: nothing can have happened before), then every 0.25 s,
/// slowly backing off to 2 s: a run ends within about a quarter second of the device knowing.
public struct StatusPoller: Sendable {
    public let timeout: Duration
    public let firstInterval: Duration
    public let maxInterval: Duration
    public let initialDelay: Duration

    /// The defaults are the timings above; tests and slow networks change `timeout` only.
    public init(
        timeout: Duration = .seconds(60), firstInterval: Duration = .milliseconds(250), maxInterval: Duration = .seconds(2),
        initialDelay: Duration = .milliseconds(1100)
    ) {
        self.timeout = timeout
        self.firstInterval = firstInterval
        self.maxInterval = maxInterval
        self.initialDelay = initialDelay
    }

    /// Returns the connection, or throws the failure the device reported, `.timeout`, or
    /// `.outcomeUnknown` when the device stops answering (its SoftAP may have moved channel).
    public func waitForConnection(
        ssid: String, session: Session, onState: (WiFiStatus, Double) -> Void
    ) async throws -> WiFiConnection {
        var disconnectedReports = 0
        var lastAttemptsRemaining: UInt32?
        let polling = AdaptivePolling(
            timeout: timeout, firstInterval: firstInterval, maxInterval: maxInterval, initialDelay: initialDelay, growth: 1.25)
        return try await polling.poll({ start in
            let status: WiFiStatus
            do {
                status = try await session.wifiStatus()
            } catch let error as ProvError where error.meansDeviceUnreachable {
                throw ProvError.outcomeUnknown(
                    "credentials applied, outcome unknown: the device stopped answering status requests (\(error)); "
                        + "a SoftAP device may have switched channel to join '\(ssid)'")
            }
            onState(status, (ContinuousClock.now - start).seconds)
            switch status {
            case .connected(let connection):
                return connection
            case .connecting(let attempts):
                lastAttemptsRemaining = attempts ?? lastAttemptsRemaining
                return nil
            case .failed(.wrongPassword):
                throw ProvError.wifiAuthFailed(ssid: ssid)
            case .failed(.networkNotFound):
                throw ProvError.wifiNetworkNotFound(ssid: ssid)
            case .failed(.other(let reason)):
                throw ProvError.deviceRefused("the device could not connect to '\(ssid)' (failure reason \(reason))")
            case .disconnected:
                disconnectedReports += 1
                if disconnectedReports >= 3 {
                    throw ProvError.deviceRefused("the device keeps reporting Wi-Fi 'disconnected' without a reason")
                }
                return nil
            }
        }, expired: {
            let attempts = lastAttemptsRemaining.map { " (\($0) attempts remaining)" } ?? ""
            return ProvError.timeout(
                "the device was still connecting to '\(ssid)' after \(timeout.components.seconds) s\(attempts); "
                    + "raise --timeout or check the access point")
        })
    }
}
