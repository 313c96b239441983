/// Everything that can end a provisioning run, phrased so a user knows what to do next.
///
/// Each case carries facts, not presentation: the CLI maps a case to its exit status and JSON name
/// (`ExitStatus(for:)`) and to flag names (`namingFlags`), so other programs can use the library.
/// Where a case carries prose (`ProvMessage`), the prose is for people only: the remedies in it are
/// values (`remedies`), and no code reads the words.
public enum ProvError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Bad or missing command-line input.
    case usage(ProvMessage)
    /// A secret or choice the run needs and could not ask for (no terminal); `guess` is the guessed
    /// security scheme that needed it, when the need is not obvious (its reason is said too).
    case missing(MissingInput, guess: SecurityPlan?)
    /// The user answered a secret's prompt with nothing.
    case emptySecret(SecretPrompt)
    /// An input the caller gave is malformed, out of its limits, or contradicts the device.
    case invalid(InvalidInput)
    /// The device could not be reached, or the link failed.
    case transport(TransportFailure)
    /// This machine cannot do BLE at all (no bluetoothd, no D-Bus, no adapter): the manual
    /// console mode (`--console_fallback`) can still reach the device.
    case bluetoothUnavailable(BluetoothUnavailable)
    /// The device closed the connection without answering a request to `endpoint`.
    case closedWithoutResponse(endpoint: String)
    /// The device has no such endpoint (HTTP 404, missing BLE characteristic).
    case endpointNotFound(String)
    /// The secure session could not be set up: wrong PoP, wrong sec2 credentials, a scheme mismatch,
    /// or a device that failed to prove itself.
    case authentication(AuthenticationFailure)
    /// The device reports that the access point rejected the Wi-Fi password.
    case wifiAuthFailed(ssid: String)
    /// The device reports that it could not find the network.
    case wifiNetworkNotFound(ssid: String)
    /// A Thread network could not be joined: the device rejected the dataset, or another attach failure.
    case threadAttachFailed(ThreadAttachFailure)
    /// The device found no Thread network matching the dataset within its attach timeout (wrong key,
    /// PAN ID or channel, or no router in range): distinct from a rejected dataset so CI can tell them apart.
    case threadNetworkNotFound(ThreadAttachFailure)
    /// A deadline passed: what was waited for, how long, and which setting gave the limit.
    case timeout(TimeoutFailure)
    /// The device sent something that breaks the protocol: malformed, truncated, oversized, inconsistent.
    case protocolViolation(ProtocolViolation)
    /// The device answered a command with a failure status (or gave up joining): which command, and its status.
    case deviceRefused(DeviceRefusal)
    /// The device does not offer what was asked (no `prov-ctrl`, no scan capability, …).
    case unsupported(Unsupported)
    /// Credentials were applied, but the device could not be asked how it went.
    case outcomeUnknown(OutcomeUnknown)
    /// Some devices of a batch failed (the report says which).
    case batchFailed(failed: Int, total: Int)
    /// A bug in esp-prov itself.
    case internalError(ProvMessage)

    /// Why a peer without proto-ver is not worth retrying, with `address` standing for however
    /// the caller spells where the device was looked for.
    public static func noProtoVer(naming address: String) -> String {
        "something answered, but it has no proto-ver endpoint: it is not an ESP device in provisioning mode "
            + "(wrong \(address), or provisioning already ended)"
    }

    /// The message the CLI prints after `error:` (before it words the remedies as flags): what
    /// happened and what to do.
    public var description: String { message.description }

    /// The remedies this error offers, as values (empty for most errors).
    public var remedies: [Remedy] { message.remedies }

    /// What happened and what to do, with the remedies kept as values for a front end to word.
    public var message: ProvMessage {
        switch self {
        case .usage(let message): return message
        case .missing(let input, let guess):
            let missing: ProvMessage
            switch input {
            case .secret(let prompt): missing = "missing \(prompt.what) (no terminal to ask on)"
            case .network: missing = "missing the Wi-Fi network to join (no terminal to choose a network on)"
            case .threadNetwork: missing = "missing the Thread dataset (no terminal to choose a Thread network on)"
            }
            return guess.map { "\(missing); \($0.reasonMessage)" } ?? missing
        case .emptySecret(let prompt): return "empty \(prompt.what)"
        case .invalid(let input): return ProvMessage(input.describe(naming: input.neutralName))
        case .transport(let failure): return failure.message
        case .bluetoothUnavailable(let unavailable): return unavailable.message
        case .closedWithoutResponse(let endpoint):
            return "device closed the connection without answering '\(endpoint)'"
        case .endpointNotFound("proto-ver"): return ProvMessage(Self.noProtoVer(naming: "service address"))
        case .endpointNotFound(let endpoint):
            return "device has no endpoint '\(endpoint)' (it may be running older firmware)"
        case .authentication(let failure): return failure.message
        case .wifiAuthFailed(let ssid): return "wrong Wi-Fi password for '\(ssid)' (the access point rejected it)"
        case .wifiNetworkNotFound(let ssid): return "network not found: the device cannot see '\(ssid)'"
        case .threadAttachFailed(let failure): return failure.message
        case .threadNetworkNotFound(let failure): return failure.message
        case .timeout(let failure): return failure.message
        case .protocolViolation(let violation): return "device protocol error: " + violation.message
        case .deviceRefused(let refusal): return refusal.message
        case .unsupported(let missing): return missing.message
        case .outcomeUnknown(let unknown): return unknown.message
        case .batchFailed(let failed, let total): return "\(failed) of \(total) devices failed"
        case .internalError(let message): return "internal error: \(message)"
        }
    }
}
