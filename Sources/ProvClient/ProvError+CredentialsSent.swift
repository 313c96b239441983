extension ProvError {
    /// A failure after credentials (or a Thread dataset) reached the device, as the run must report
    /// it: the device may hold them and be joining, so anything but the device's own verdict (a wrong
    /// password, no such network, a refusal, still connecting at the status deadline) or an outcome
    /// already called unknown becomes "outcome unknown, credentials were sent" (exit 10). A damaged
    /// reply to the apply is not a protocol error to retry blind: the board may be on the network.
    public func afterCredentialsSent(_ sent: SentSecrets = .wifiCredentials) -> ProvError {
        if case .outcomeUnknown = self { return self }
        if isDeviceVerdict { return self }
        return .outcomeUnknown(OutcomeUnknown(.failedAfterSending(self), sent: sent))
    }

    /// What the device itself said about joining once it had the credentials: it could not (wrong
    /// password, no such network, a failure reason, a refusal) or was still connecting at the status
    /// deadline. Only such a verdict replaces "outcome unknown".
    public var isDeviceVerdict: Bool {
        switch self {
        case .wifiAuthFailed, .wifiNetworkNotFound, .threadAttachFailed, .threadNetworkNotFound, .deviceRefused, .timeout: return true
        default: return false
        }
    }

    /// The failure of the request that carries the credentials: a link that could not be used, or a
    /// device that closed it instead of answering (how httpd reports a refused configuration), stored
    /// nothing; a request that went unanswered or an answer that is damaged may have been stored.
    public func whileSendingCredentials(_ sent: SentSecrets = .wifiCredentials) -> ProvError {
        switch self {
        case .transport, .closedWithoutResponse, .bluetoothUnavailable:
            return self
        case .timeout:
            return .outcomeUnknown(OutcomeUnknown(.unconfirmed(self), sent: sent))
        default:
            return afterCredentialsSent(sent)
        }
    }

    /// Runs `body`, reporting its failures as `afterCredentialsSent` does; a cancellation stays one.
    public static func afterCredentialsSent<T>(_ sent: SentSecrets = .wifiCredentials, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ProvError {
            throw error.afterCredentialsSent(sent)
        }
    }
}

/// What reached the device before a failure made the run's outcome unknown.
public enum SentSecrets: Sendable, Hashable {
    /// The Wi-Fi SSID and passphrase.
    case wifiCredentials
    /// A Thread dataset, which holds the network key.
    case threadDataset

    /// The words the outcome-unknown message starts with.
    var wording: String {
        switch self {
        case .wifiCredentials: return "credentials"
        case .threadDataset: return "the dataset and its key"
        }
    }
}
