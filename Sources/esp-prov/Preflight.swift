import ProvClient

/// Refuses a run before it contacts the device when it would later need to ask for something
/// and nobody is there to answer: CI must fail at once, naming the flag, never hang on a prompt.
enum Preflight {
    static func check(_ request: ProvisioningRequest, terminal: Terminal) throws {
        guard !terminal.mayAnswer else { return }
        if case .wifi(let ssid, let passphrase) = request.goal {
            if ssid?.isEmpty ?? true {
                throw terminal.refusal(flag: "--ssid (or --dataset_tlvs for a Thread device)")
            }
            if passphrase == nil {
                throw terminal.refusal(flag: SecretPrompt.passphrase(ssid: "", auth: nil).flagHint + "; pass --passphrase '' for an open network")
            }
        }
        if request.security == .sec2 {
            if request.credentials.username?.isEmpty ?? true { throw terminal.refusal(flag: SecretPrompt.username.flagHint) }
            if request.credentials.password?.isEmpty ?? true { throw terminal.refusal(flag: SecretPrompt.password.flagHint) }
        }
    }
}
