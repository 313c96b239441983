import ArgumentParser
import Foundation
import WPS

/// `esp-prov wps er config`: gives an AP a new SSID, auth, encryption and key (`WPS_ER_CONFIG`). The
/// key comes from a file, the environment or a prompt without echo, never from the command line.
struct WPSERConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Give an AP new settings with its AP PIN (WPS_ER_CONFIG); the key is read from a file, ESP_PROV_WPS_NEW_KEY or a prompt.",
        discussion: "The AP takes the settings at once: stations using the old ones lose it. The key (a WPA passphrase "
            + "of 8-63 characters, or 64 hex digits) is never printed; --auth OPEN takes none.")

    @OptionGroup var options: WPSDaemonOptions
    @OptionGroup var er: WPSEROptions
    @OptionGroup var target: WPSERAPPinOptions

    @Option(name: [.customLong("ssid")], help: "The AP's new SSID (1-32 bytes).")
    var ssid: String

    @Option(name: [.customLong("auth")], help: "OPEN, WPAPSK or WPA2PSK.")
    var auth: WPSERNewSettings.Auth = .wpa2PSK

    @Option(name: [.customLong("encr")], help: "NONE, TKIP or CCMP.")
    var encr: WPSERNewSettings.Encryption = .ccmp

    @Option(name: [.customLong("key_file"), .customLong("key-file")], help: "Read the new key from a file (- for stdin; or ESP_PROV_WPS_NEW_KEY; else a prompt without echo).")
    var keyFile: String?

    func validate() throws {
        guard (1...32).contains(ssid.utf8.count) else { throw ValidationError("--ssid must be 1 to 32 bytes") }
        guard (auth == .open) == (encr == .none) else { throw ValidationError("--auth OPEN goes with --encr NONE, and only it") }
    }

    func run() async throws {
        let pin = try target.pin()
        let key = auth == .open ? "" : try resolvedKey()
        let timeout = options.waitTimeout
        let deadline = ContinuousClock.now + timeout
        let settings = WPSERNewSettings(ssid: ssid, auth: auth, encryption: encr, key: key)
        try await WPSERRun(options: options, filter: er.apIP).run { registrar in
            let ap = try registrar.accessPoint(target.ap, until: deadline)
            try registrar.configure(ap, pin: pin, settings: settings, until: deadline, timeout: timeout)
            let shown = printableDaemonText(ssid)
            return ("AP \(ap.uuid) (\(ap.mac)) now has SSID '\(shown)', auth \(auth.rawValue), encryption \(encr.rawValue) (key not shown)",
                    WPSResults.ERSettings(outcome: "configured", ap: .init(ap), ssid: shown, auth: auth.rawValue, encryption: encr.rawValue))
        }
    }

    /// `--key_file` > `ESP_PROV_WPS_NEW_KEY` > a prompt without echo on a terminal; checked as WPA takes it.
    private func resolvedKey() throws -> String {
        let key = try SecretSource(flag: nil, file: keyFile, environmentVariable: "ESP_PROV_WPS_NEW_KEY", fileFlagName: "--key_file").resolve()
            ?? Terminal(promptsToStderr: true).askHidden("New key for the AP: ", flag: "--key_file or ESP_PROV_WPS_NEW_KEY")
        let isPSK = key.count == 64 && key.allSatisfy(\.isHexDigit)
        guard isPSK || ((8...63).contains(key.utf8.count) && key.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F })) else {
            throw CommandFailure(.usage, "the new key must be a WPA passphrase of 8-63 printable ASCII characters or 64 hex digits")
        }
        return key
    }
}

extension WPSERNewSettings.Auth: ExpressibleByArgument {}
extension WPSERNewSettings.Encryption: ExpressibleByArgument {}
