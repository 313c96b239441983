/// The Wi-Fi credentials as the firmware will take them (SetConfig, docs/protocol.md §6.1), so every
/// front end (flags, prompts, batch manifests) can refuse them before any device contact:
/// wifi_provisioning answers a longer SSID or passphrase with `InvalidArgument` only after the session
/// is up, and a control character (a pasted tab, a stray CR) is stored silently and then fails as a
/// "wrong password" the user cannot see.
public enum WiFiCredentialRules {
    /// The device refuses a longer SSID (`len(ssid) ≤ 32`, docs/protocol.md §6.1).
    public static let maximumSSIDBytes = 32
    /// The device refuses a longer passphrase (`len(passphrase) ≤ 63`, docs/protocol.md §6.1): a 64-hex PSK cannot be sent.
    public static let maximumPassphraseBytes = 63

    /// Why `ssid` cannot be sent, or nil.
    public static func problem(ssid: String) -> String? {
        let bytes = ssid.utf8.count
        if bytes > maximumSSIDBytes {
            return "the SSID is \(bytes) bytes: Wi-Fi network names (and the device) take at most \(maximumSSIDBytes)"
        }
        if ssid.utf8.contains(0) { return "the SSID contains a NUL byte, which the device would cut it at" }
        return nil
    }

    /// Why `passphrase` cannot be sent, or nil (the message never quotes it). Empty means an open network.
    public static func problem(passphrase: String) -> String? {
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
}
