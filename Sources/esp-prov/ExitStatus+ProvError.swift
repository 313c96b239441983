import ProvClient

/// The library reports what went wrong as a typed `ProvError`; which number a script sees and
/// which name JSON readers see is the CLI's promise (README, "Exit codes"), so the mapping lives here,
/// next to the one table, and nowhere in the libraries.
extension ExitStatus {
    /// The status a run ending in `error` exits with (and whose `name` is the JSON `error`).
    init(for error: ProvError) {
        switch error {
        case .internalError: self = .internalError
        case .usage, .missing, .emptySecret, .invalid: self = .usage
        case .transport, .bluetoothUnavailable, .closedWithoutResponse, .endpointNotFound: self = .transport
        case .authentication: self = .auth
        case .wifiAuthFailed: self = .wifiAuth
        case .wifiNetworkNotFound: self = .wifiNotFound
        case .timeout: self = .timeout
        case .protocolViolation, .deviceRefused: self = .protocolError
        case .unsupported: self = .unsupported
        case .outcomeUnknown: self = .outcomeUnknown
        case .batchFailed: self = .batchFailed
        case .threadAttachFailed: self = .threadAttach
        case .threadNetworkNotFound: self = .threadNotFound
        }
    }
}
