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
        var rest: [String] = []
        var uri: String?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--qr", index + 1 < arguments.count, isDPP(arguments[index + 1]) {
                uri = arguments[index + 1]
                index += 2
                continue
            }
            if argument.hasPrefix("--qr="), isDPP(String(argument.dropFirst(5))) {
                uri = String(argument.dropFirst(5))
                index += 1
                continue
            }
            rest.append(argument)
            index += 1
        }
        guard let uri else { return nil }
        if rest.contains(where: { $0 == "--ctrl" || $0.hasPrefix("--ctrl=") }) {
            return ["dpp", "configure", "--uri", uri] + rest
        }
        var command = ["esp-prov", "dpp", "configure", "--ctrl", "/run/wpa_supplicant", "--uri", quoted(uri)]
        if let ssid = value(of: "--ssid", in: rest) { command += ["--ssid", quoted(ssid)] } else { command += ["--ssid", "SSID"] }
        command += ["--passphrase_file", value(of: "--passphrase_file", in: rest).map(quoted) ?? "FILE"]
        throw CommandFailure(.usage, """
            --qr holds a Wi-Fi Easy Connect (DPP) URI, not an ESP-IDF provisioning payload; \
            configure the device through this host's wpa_supplicant (or hostapd: --ctrl /run/hostapd) with:
              \(command.joined(separator: " "))
            """)
    }

    private static func isDPP(_ text: String) -> Bool {
        text.trimmingCharacters(in: .whitespacesAndNewlines).uppercased().hasPrefix("DPP:")
    }

    private static func value(of flag: String, in arguments: [String]) -> String? {
        if let index = arguments.firstIndex(of: flag), index + 1 < arguments.count { return arguments[index + 1] }
        return arguments.first { $0.hasPrefix(flag + "=") }.map { String($0.dropFirst(flag.count + 1)) }
    }

    private static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
