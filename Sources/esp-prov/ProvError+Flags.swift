import ProvClient

/// The CLI's words for what the library reports as facts: which flag, file and environment
/// variable supply a missing secret or choice. Applied once, where a run's error is reported.
extension ProvError {
    /// This error with flag names; errors that carry no such facts are returned unchanged.
    var namingFlags: ProvError {
        /// A missing input is a usage error in the CLI: it names the flag that gives it.
        func missing(_ what: String, _ guess: SecurityPlan?) -> ProvError {
            .usage(guess.map { "missing \(what); \($0.reasonMessage)" } ?? "missing \(what)")
        }
        switch rewordingRemedies(\.flagWording) {
        case .missing(.secret(let prompt), let guess):
            return missing("\(prompt.flagHint) (no terminal to ask on)", guess)
        case .missing(.network, let guess):
            return missing("--ssid (no terminal to choose a network on)", guess)
        case .missing(.threadNetwork, let guess):
            return missing("--dataset_tlvs (no terminal to choose a Thread network on)", guess)
        case .emptySecret(let prompt):
            return .usage("empty \(prompt.flagHint)")
        default:
            return inCLIWords
        }
    }

    /// This error with the options it points at named as flags, for errors that are not about a
    /// missing input (those read differently in a batch report, which has no prompts).
    var inCLIWords: ProvError {
        let error = rewordingRemedies(\.flagWording)
        switch error {
        case .invalid(let input):
            return .usage(ProvMessage(input.describe(naming: input.flag)))
        case .endpointNotFound("proto-ver"):
            return .transport(TransportFailure(ProvMessage(ProvError.noProtoVer(naming: "--service_name"))))
        default:
            return error
        }
    }
}

extension Remedy {
    /// The words esp-prov has always printed for this remedy: its flags. The one table that turns
    /// the library's neutral advice into CLI advice (`ProvError.rewordingRemedies`).
    var flagWording: String {
        switch self {
        case .checkSecurityVersion: return "check --sec_ver"
        case .chooseSecurityVersion: return "pass --sec_ver to choose"
        case .requestedSecurityVersion: return "from --sec_ver"
        case .requestWeakerSecurity: return "pass --sec_ver"
        case .giveSSID: return "pass --ssid"
        case .giveSSIDNotDataset: return "pass --ssid instead of --dataset_tlvs"
        case .giveDatasetNotSSID: return "pass --dataset_tlvs instead of --ssid"
        case .resetDevice: return "reset the device with --reset"
        case .checkServiceAddress: return "check --service_name"
        case .nameBLEDevice: return "name the BLE device to provision with --service_name"
        case .provisionOverConsole: return "provision over the serial console with --transport console"
        case .useConsoleTransport: return "use --transport console"
        case .useSoftAPOrConsoleTransport: return "use --transport softap or console"
        case .useDPPConfigurator: return "use `esp-prov dpp configure --ctrl SOCKET --uri URI`"
        case .giveDefaultSSID: return "--ssid"
        case .giveDefaultPassphrase: return "--passphrase"
        case .raiseStatusTimeout: return "raise --timeout"
        case .undoWithReset: return "undo with --reset"
        }
    }
}

extension ProvEvent {
    /// This event with the remedies it carries in flag words, for the reporters (text and JSON).
    var namingFlags: ProvEvent {
        guard case .securityChosen(let plan) = self else { return self }
        return .securityChosen(plan.rewordingRemedies(\.flagWording))
    }
}

extension InvalidInput {
    /// The flag that gave this input.
    var flag: String {
        switch self {
        case .serviceAddress: return "--service_name"
        case .sec2SaltLength: return "--sec2_salt_len"
        case .bleServiceUUID: return "--ble_service_uuid"
        case .securityVersion: return "--sec_ver"
        }
    }
}

extension SecretPrompt {
    /// The flag (with its file and environment alternatives) that answers this prompt.
    var flagHint: String {
        switch self {
        case .proofOfPossession: return "--pop (or --pop_file, ESP_PROV_POP)"
        case .username: return "--sec2_username"
        case .password: return "--sec2_pwd (or --sec2_pwd_file, ESP_PROV_SEC2_PWD)"
        case .passphrase: return "--passphrase (or --passphrase_file, ESP_PROV_PASSPHRASE)"
        case .threadNetworkKey, .threadDataset: return "--dataset_tlvs (or --dataset_tlvs_file, ESP_PROV_DATASET_TLVS)"
        }
    }
}
