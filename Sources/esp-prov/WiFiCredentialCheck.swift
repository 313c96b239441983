import ProvClient

/// The command line's Wi-Fi credentials against `WiFiCredentialRules`, before any device contact.
enum WiFiCredentialCheck {
    /// A usage error naming the flag that gave the credential.
    static func check(ssid: String?, passphrase: String?) throws {
        if let ssid, let problem = WiFiCredentialRules.problem(ssid: ssid) { throw ProvError.usage("--ssid: \(problem)") }
        if let passphrase, let problem = WiFiCredentialRules.problem(passphrase: passphrase) {
            throw ProvError.usage("--passphrase (or --passphrase_file, ESP_PROV_PASSPHRASE): \(problem)")
        }
    }
}
