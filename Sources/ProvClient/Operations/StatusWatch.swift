import ProvMessages

/// The part of waiting for a join that differs between Wi-Fi and Thread: which status request to
/// send, how fast to ask, and what to tell the user when the device fails, keeps reporting
/// "disconnected", goes silent or runs out of time. `StatusPoller` does the waiting for both.
public struct StatusWatch<Joined: Sendable & Equatable, Failure: Sendable & Equatable>: Sendable {
    /// Asks the device once (`GetStatus` / `GetThreadStatus`).
    public let ask: @Sendable (Session) async throws -> NetworkStatus<Joined, Failure>
    /// The poll schedule for a run timeout, fitted to how soon this network's device can know.
    public let schedule: @Sendable (_ timeout: Duration) -> AdaptivePolling
    /// The error for a failure the device reported.
    public let failure: @Sendable (Failure) -> ProvError
    /// The error when the device stops answering status requests (given why).
    public let unreachable: @Sendable (ProvError) -> ProvError
    /// The error after three `disconnected` answers in a row.
    public let keepsDisconnecting: ProvError
    /// The error when the timeout passes, given it and the last attempts-remaining count reported.
    public let expired: @Sendable (_ timeout: Duration, _ attemptsRemaining: UInt32?) -> ProvError

    /// Memberwise, for the two networks below and for tests that watch a scripted device.
    public init(
        ask: @escaping @Sendable (Session) async throws -> NetworkStatus<Joined, Failure>,
        schedule: @escaping @Sendable (Duration) -> AdaptivePolling,
        failure: @escaping @Sendable (Failure) -> ProvError,
        unreachable: @escaping @Sendable (ProvError) -> ProvError,
        keepsDisconnecting: ProvError,
        expired: @escaping @Sendable (Duration, UInt32?) -> ProvError
    ) {
        self.ask = ask
        self.schedule = schedule
        self.failure = failure
        self.unreachable = unreachable
        self.keepsDisconnecting = keepsDisconnecting
        self.expired = expired
    }
}

extension StatusWatch where Joined == WiFiConnection, Failure == WiFiFailure {
    /// Joining `ssid` (its printable name). The first poll comes just after the manager's 1 s timer
    /// between ApplyConfig and `esp_wifi_connect()` (docs/protocol.md §6.4: nothing can have happened
    /// before), then every 0.25 s, slowly backing off to 2 s: a run ends within about a quarter
    /// second of the device knowing.
    public static func wifi(ssid: String) -> Self {
        Self(
            ask: { try await $0.wifiStatus() },
            schedule: {
                AdaptivePolling(
                    timeout: $0, firstInterval: .milliseconds(250), maxInterval: .seconds(2),
                    initialDelay: .milliseconds(1100), growth: 1.25)
            },
            failure: { failure in
                switch failure {
                case .wrongPassword: return .wifiAuthFailed(ssid: ssid)
                case .networkNotFound: return .wifiNetworkNotFound(ssid: ssid)
                case .other(let reason): return .deviceRefused(DeviceRefusal(.joiningWiFi(ssid: ssid), status: reason))
                }
            },
            unreachable: { error in
                .outcomeUnknown(OutcomeUnknown(.statusUnanswered(error, ssid: ssid), sent: .wifiCredentials))
            },
            keepsDisconnecting: .deviceRefused(DeviceRefusal(.staysDisconnected)),
            expired: { timeout, attemptsRemaining in
                .timeout(TimeoutFailure(.wifiStatus(ssid: ssid, attemptsRemaining: attemptsRemaining), limit: timeout, setBy: .statusTimeout))
            })
    }
}

extension StatusWatch where Joined == ThreadAttachment, Failure == ThreadFailure {
    /// Attaching to `network` (named for messages, never by its key), with `AdaptivePolling`'s usual
    /// waits; network_provisioning itself gives up after 20 s with ThreadNetworkNotFound.
    public static func thread(network: String) -> Self {
        Self(
            ask: { try await $0.threadStatus() },
            schedule: { AdaptivePolling(timeout: $0) },
            failure: { failure in
                let facts = ThreadAttachFailure(.reported(failure, network: network))
                return failure == .networkNotFound ? .threadNetworkNotFound(facts) : .threadAttachFailed(facts)
            },
            unreachable: { error in
                .outcomeUnknown(OutcomeUnknown(.statusUnanswered(error, ssid: nil), sent: .threadDataset))
            },
            keepsDisconnecting: .threadAttachFailed(ThreadAttachFailure(.staysDetached)),
            expired: { timeout, _ in
                .timeout(TimeoutFailure(.threadStatus(network: network), limit: timeout, setBy: .statusTimeout))
            })
    }
}
