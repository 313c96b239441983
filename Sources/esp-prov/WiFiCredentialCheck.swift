import ProvClient

/// The Wi-Fi credentials as the firmware will take them, checked before any device contact
/// (docs/protocol.md §6.1, SetConfig): wifi_provisioning answers a longer SSID or passphrase with
/// `InvalidArgument` only after the session is up, and a control character (a pasted tab, a stray CR)
/// is stored silently and then fails as a "wrong password" the user cannot see.
enum WiFiCredentialCheck {
    static let maximumSSIDBytes = 32
    static let maximumPassphraseBytes = 63

    /// Returns why `ssid` cannot be sent, or nil.
    static func problem(ssid: String) -> String? {
        let bytes = ssid.utf8.count
        if bytes > maximumSSIDBytes {
            return "the SSID is \(bytes) bytes: Wi-Fi network names (and the device) take at most \(maximumSSIDBytes)"
        }
        if ssid.utf8.contains(0) { return "the SSID contains a NUL byte, which the device would cut it at" }
        return nil
    }

    /// Returns why `passphrase` cannot be sent, or nil. Empty means an open network.
    static func problem(passphrase: String) -> String? {
        let bytes = passphrase.utf8.count
        if bytes > maximumPassphraseBytes {
            let psk = bytes == 64 && passphrase.allSatisfy(\.isHexDigit) ? " (a 64-hex-digit PSK cannot be provisioned: give the passphrase)" : ""
            return "the passphrase is \(bytes) bytes: the device takes at most \(maximumPassphraseBytes)\(psk)"
        }
        if passphrase.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "the passphrase contains a control character (tab, CR, ...): WPA passphrases are printable text"
        }
        return nil
    }

    /// The command-line check: a usage error naming the flag.
    static func check(ssid: String?, passphrase: String?) throws {
        if let ssid, let problem = problem(ssid: ssid) { throw ProvError.usage("--ssid: \(problem)") }
        if let passphrase, let problem = problem(passphrase: passphrase) {
            throw ProvError.usage("--passphrase (or --passphrase_file, ESP_PROV_PASSPHRASE): \(problem)")
        }
    }
}
