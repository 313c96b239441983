/// Everything that can end a provisioning run, phrased so a user knows what to do next.
///
/// Each case has one exit code and one stable `code` string, shared by the CLI's text and JSON
/// output and documented in the README's exit-code table.
public enum ProvError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Bad or missing command-line input.
    case usage(String)
    /// A secret or choice the run needs and could not ask for (no terminal); `detail` says why it
    /// was needed when that is not obvious (a guessed security scheme).
    case missing(MissingInput, detail: String?)
    /// The user answered a secret's prompt with nothing.
    case emptySecret(SecretPrompt)
    /// The device could not be reached, or the link failed.
    case transport(String)
    /// This machine cannot do BLE at all (no bluetoothd, no D-Bus, no adapter): the manual
    /// console mode (`--console_fallback`) can still reach the device.
    case bluetoothUnavailable(String)
    /// The device closed the connection without answering a request to `endpoint`.
    case closedWithoutResponse(endpoint: String)
    /// The device has no such endpoint (HTTP 404, missing BLE characteristic).
    case endpointNotFound(String)
    /// The secure session could not be set up: wrong PoP, wrong sec2 credentials, a scheme mismatch,
    /// or a device that failed to prove itself.
    case authentication(String)
    /// The device reports that the access point rejected the Wi-Fi password.
    case wifiAuthFailed(ssid: String)
    /// The device reports that it could not find the network.
    case wifiNetworkNotFound(ssid: String)
    /// A Thread network could not be joined: the device rejected the dataset, or another attach failure.
    case threadAttachFailed(String)
    /// The device found no Thread network matching the dataset within its attach timeout (wrong key,
    /// PAN ID or channel, or no router in range): distinct from a rejected dataset so CI can tell them apart.
    case threadNetworkNotFound(String)
    /// A deadline passed.
    case timeout(String)
    /// The device sent something that breaks the protocol: malformed, truncated, oversized, inconsistent.
    case protocolViolation(String)
    /// The device answered a command with a failure status.
    case deviceRefused(String)
    /// The device does not offer what was asked (no `prov-ctrl`, no scan capability, …).
    case unsupported(String)
    /// Credentials were applied, but the device could not be asked how it went.
    case outcomeUnknown(String)
    /// Some devices of a batch failed (the report says which).
    case batchFailed(failed: Int, total: Int)
    /// A bug in esp-prov itself.
    case internalError(String)

    /// The process exit code for this error.
    public var exitCode: Int32 {
        switch self {
        case .internalError: return 1
        case .usage, .missing, .emptySecret: return 2
        case .transport, .bluetoothUnavailable, .closedWithoutResponse, .endpointNotFound: return 3
        case .authentication: return 4
        case .wifiAuthFailed: return 5
        case .wifiNetworkNotFound: return 6
        case .timeout: return 7
        case .protocolViolation, .deviceRefused: return 8
        case .unsupported: return 9
        case .outcomeUnknown: return 10
        case .batchFailed: return 11
        case .threadAttachFailed: return 12
        case .threadNetworkNotFound: return 13
        }
    }

    /// A stable machine-readable name, used as `error` in JSON output.
    public var code: String {
        switch self {
        case .internalError: return "internal"
        case .usage, .missing, .emptySecret: return "usage"
        case .transport, .bluetoothUnavailable, .closedWithoutResponse, .endpointNotFound: return "transport"
        case .authentication: return "auth"
        case .wifiAuthFailed: return "wifi_auth"
        case .wifiNetworkNotFound: return "wifi_not_found"
        case .timeout: return "timeout"
        case .protocolViolation, .deviceRefused: return "protocol"
        case .unsupported: return "unsupported"
        case .outcomeUnknown: return "outcome_unknown"
        case .batchFailed: return "batch_failed"
        case .threadAttachFailed: return "thread_attach"
        case .threadNetworkNotFound: return "thread_not_found"
        }
    }

    public var description: String {
        switch self {
        case .usage(let message): return message
        case .missing(let input, let detail):
            let missing: String
            switch input {
            case .secret(let prompt): missing = "missing \(prompt.what) (no terminal to ask on)"
            case .network: missing = "missing the Wi-Fi network to join (no terminal to choose a network on)"
            case .threadNetwork: missing = "missing the Thread dataset (no terminal to choose a Thread network on)"
            }
            return missing + (detail.map { "; \($0)" } ?? "")
        case .emptySecret(let prompt): return "empty \(prompt.what)"
        case .transport(let message): return message
        case .bluetoothUnavailable(let message): return message
        case .closedWithoutResponse(let endpoint):
            return "device closed the connection without answering '\(endpoint)'"
        case .endpointNotFound("proto-ver"):
            return "something answered, but it has no proto-ver endpoint: it is not an ESP device in provisioning mode "
                + "(wrong --service_name, or provisioning already ended)"
        case .endpointNotFound(let endpoint):
            return "device has no endpoint '\(endpoint)' (it may be running older firmware)"
        case .authentication(let message): return message
        case .wifiAuthFailed(let ssid): return "wrong Wi-Fi password for '\(ssid)' (the access point rejected it)"
        case .wifiNetworkNotFound(let ssid): return "network not found: the device cannot see '\(ssid)'"
        case .threadAttachFailed(let message): return message
        case .threadNetworkNotFound(let message): return message
        case .timeout(let message): return message
        case .protocolViolation(let message): return "device protocol error: \(message)"
        case .deviceRefused(let message): return message
        case .unsupported(let message): return message
        case .outcomeUnknown(let message): return message
        case .batchFailed(let failed, let total): return "\(failed) of \(total) devices failed"
        case .internalError(let message): return "internal error: \(message)"
        }
    }
}
