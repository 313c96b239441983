import ProvClient

/// The CLI's words for what the library reports as facts: which flag, file and environment
/// variable supply a missing secret or choice. Applied once, where a run's error is reported.
extension ProvError {
    /// This error with flag names; errors that carry no such facts are returned unchanged.
    var namingFlags: ProvError {
        switch self {
        case .missing(.secret(let prompt), let detail):
            return .usage("missing \(prompt.flagHint) (no terminal to ask on)" + (detail.map { "; \($0)" } ?? ""))
        case .missing(.network, let detail):
            return .usage("missing --ssid (no terminal to choose a network on)" + (detail.map { "; \($0)" } ?? ""))
        case .missing(.threadNetwork, let detail):
            return .usage("missing --dataset_tlvs (no terminal to choose a Thread network on)" + (detail.map { "; \($0)" } ?? ""))
        case .emptySecret(let prompt):
            return .usage("empty \(prompt.flagHint)")
        default:
            return self
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
