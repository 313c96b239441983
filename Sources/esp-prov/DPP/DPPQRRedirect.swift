import Foundation

/// `esp-prov --qr 'DPP:...'`: a DPP QR code is not an ESP-IDF provisioning payload, so with
/// `--ctrl` the run becomes `esp-prov dpp configure --uri ...` (the other flags carried over),
/// and without it the user gets the exact command to run. Done on the raw arguments so the
/// provisioning command itself needs no DPP flags.
enum DPPQRRedirect {
    /// The arguments to parse instead (nil: leave them alone); throws the usage message when
    /// `--ctrl` is missing.
    static func rewrite(_ arguments: [String]) throws -> [String]? {
        if let first = arguments.first, ["dpp", "qr", "batch"].contains(first) { return nil }
        let tokens = ProvisionToken.split(arguments)
        guard let qr = tokens.first(where: { $0.option == "--qr" && $0.value.map(isDPP) == true }), let uri = qr.value else {
            return nil
        }
        let others = tokens.filter { $0 != qr }
        let rest = others.flatMap(\.words)
        if rest.contains(where: { $0 == "--ctrl" || $0.hasPrefix("--ctrl=") }) {
            return ["dpp", "configure", "--uri", uri] + rest
        }
        var command = ["esp-prov", "dpp", "configure", "--ctrl", "/run/wpa_supplicant", "--uri", quoted(uri)]
        func value(of option: String) -> String? { others.first { $0.option == option }?.value }
        if let ssid = value(of: "--ssid") { command += ["--ssid", quoted(ssid)] } else { command += ["--ssid", "SSID"] }
        command += ["--passphrase_file", value(of: "--passphrase_file").map(quoted) ?? "FILE"]
        throw CommandFailure(.usage, """
            --qr holds a Wi-Fi Easy Connect (DPP) URI, not an ESP-IDF provisioning payload; \
            configure the device through this host's wpa_supplicant (or hostapd: --ctrl /run/hostapd) with:
              \(command.joined(separator: " "))
            """)
    }

    private static func isDPP(_ text: String) -> Bool {
        text.trimmingCharacters(in: .whitespacesAndNewlines).uppercased().hasPrefix("DPP:")
    }

    private static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
