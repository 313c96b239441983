/// What a user can do about a failure (or which of their inputs a message means), as a fact. A
/// library message stores the remedy itself (`ProvMessage`: `"…: \(Remedy.giveSSID)"`), never a
/// flag name; `description` is its neutral wording, and a front end words each remedy in its own
/// vocabulary (`ProvMessage.rendered`, `ProvError.rewordingRemedies`): the CLI maps every case to the
/// flag wording it has always printed (esp-prov's `Remedy.flagWording`). Callers read which remedies
/// an error offers from `ProvError.remedies`, never from its text.
public enum Remedy: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The handshake suggests the device speaks another scheme than the one asked for.
    case checkSecurityVersion
    /// The scheme was guessed (proto-ver names none): the caller should say which one.
    case chooseSecurityVersion
    /// Not advice but a source: the scheme is the one the caller asked for.
    case requestedSecurityVersion
    /// The device offers a weaker scheme than the credentials imply: name it to accept it (the
    /// message follows these words with the version number).
    case requestWeakerSecurity
    /// The device cannot scan for Wi-Fi networks: the caller must name one.
    case giveSSID
    /// A Thread dataset was given to a Wi-Fi device.
    case giveSSIDNotDataset
    /// An SSID was given to a Thread device.
    case giveDatasetNotSSID
    /// The device holds applied (or no) credentials: reset it through prov-ctrl, or reboot it.
    case resetDevice
    /// The HTTP service address could not be reached.
    case checkServiceAddress
    /// A BLE run without a device name and nobody to choose one from a scan.
    case nameBLEDevice
    /// BlueZ is not running: the serial console transport does not need it.
    case provisionOverConsole
    /// The D-Bus system bus is unreachable: the console transport does not need it.
    case useConsoleTransport
    /// libdbus is missing: the SoftAP and console transports do not need it.
    case useSoftAPOrConsoleTransport
    /// A Wi-Fi Easy Connect (DPP) URI was given where an ESP-IDF payload was expected.
    case useDPPConfigurator
    /// A batch entry has no SSID: the batch-wide default would do.
    case giveDefaultSSID
    /// A batch entry has no passphrase: the batch-wide default would do.
    case giveDefaultPassphrase
    /// The device was still connecting (or attaching) when the status timeout ran out.
    case raiseStatusTimeout
    /// Secrets may be stored on the device: resetting it through prov-ctrl undoes them.
    case undoWithReset

    /// The remedy in words that name no front end's options, as library messages carry it.
    public var description: String {
        switch self {
        case .checkSecurityVersion: return "check the requested security version"
        case .chooseSecurityVersion: return "name the security version to use"
        case .requestedSecurityVersion: return "as the caller requested"
        case .requestWeakerSecurity: return "explicitly request security version"
        case .giveSSID: return "give the network's SSID"
        case .giveSSIDNotDataset: return "give an SSID instead of a Thread dataset"
        case .giveDatasetNotSSID: return "give a Thread dataset instead of an SSID"
        case .resetDevice: return "reset the device (prov-ctrl reset)"
        case .checkServiceAddress: return "check the service address"
        case .nameBLEDevice: return "give the advertised name of the BLE device to provision"
        case .provisionOverConsole: return "provision over the serial console transport"
        case .useConsoleTransport: return "use the console transport"
        case .useSoftAPOrConsoleTransport: return "use the SoftAP or the console transport"
        case .useDPPConfigurator: return "configure it with a DPP configurator"
        case .giveDefaultSSID: return "the batch's default SSID"
        case .giveDefaultPassphrase: return "the batch's default passphrase"
        case .raiseStatusTimeout: return "raise the status timeout"
        case .undoWithReset: return "undo with prov-ctrl reset"
        }
    }
}

extension ProvError {
    /// This error with its remedies in a front end's words; the case (and so the exit status) is unchanged.
    public func rewordingRemedies(_ words: (Remedy) -> String) -> ProvError {
        func reword(_ message: ProvMessage) -> ProvMessage { message.rewording(words) }
        switch self {
        case .usage(let message): return .usage(reword(message))
        case .missing(let input, let guess): return .missing(input, guess: guess.map { $0.rewordingRemedies(words) })
        case .transport(let failure): return .transport(failure.rewording(words))
        case .bluetoothUnavailable(let unavailable): return .bluetoothUnavailable(unavailable.rewording(words))
        case .authentication(let failure): return .authentication(failure.rewording(words))
        case .threadAttachFailed(let failure): return .threadAttachFailed(failure.rewording(words))
        case .threadNetworkNotFound(let failure): return .threadNetworkNotFound(failure.rewording(words))
        case .timeout(let failure): return .timeout(failure.rewording(words))
        case .protocolViolation(let violation): return .protocolViolation(violation.rewording(words))
        case .deviceRefused(let refusal): return .deviceRefused(refusal.rewording(words))
        case .unsupported(let missing): return .unsupported(missing.rewording(words))
        case .outcomeUnknown(let unknown): return .outcomeUnknown(unknown.rewording(words))
        case .internalError(let message): return .internalError(reword(message))
        case .emptySecret, .invalid, .closedWithoutResponse, .endpointNotFound, .wifiAuthFailed, .wifiNetworkNotFound,
            .batchFailed:
            return self
        }
    }
}
