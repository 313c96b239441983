import ProvClient

/// Refuses a run before it contacts the device when it would later need to ask for something
/// and nobody is there to answer: CI must fail at once, naming the flag, never hang on a prompt.
enum Preflight {
    static func check(_ request: ProvisioningRequest, interactive: Bool) throws {
        guard !interactive else { return }
        if case .wifi(let ssid, let passphrase) = request.goal {
            if ssid?.isEmpty ?? true {
                throw ProvError.usage(
                    "missing --ssid (or --dataset_tlvs for a Thread device) (no terminal to choose a network on)")
            }
            if passphrase == nil {
                throw ProvError.usage(
                    "missing \(SecretPrompt.passphrase(ssid: "", auth: nil).flagHint) (no terminal to ask on; "
                        + "pass --passphrase '' for an open network)")
            }
        }
        if request.security == .sec2 {
            if request.username?.isEmpty ?? true { throw missing(.username) }
            if request.password?.isEmpty ?? true { throw missing(.password) }
        }
    }

    private static func missing(_ prompt: SecretPrompt) -> ProvError {
        .usage("missing \(prompt.flagHint) (no terminal to ask on)")
    }
}
