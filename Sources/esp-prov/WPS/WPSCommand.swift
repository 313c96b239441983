import ArgumentParser

/// `esp-prov wps`: Wi-Fi Protected Setup through the host's own daemons (hostapd as the AP's
/// registrar, wpa_supplicant as enrollee or external registrar) and on OpenSync APs through OVSDB.
struct WPSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wps",
        abstract: "Wi-Fi Protected Setup: push button and PIN through hostapd, wpa_supplicant or OpenSync.",
        discussion: "WPS is weak security: a PIN can be brute-forced and an open push-button window lets any nearby "
            + "device join. Prefer DPP (esp-prov dpp) or a passphrase where the device supports it.",
        subcommands: [
            WPSPushButtonCommand.self, WPSPinCommand.self, WPSAPPinCommand.self, WPSNFCTokenCommand.self, WPSCheckPinCommand.self,
            WPSOpenSyncCommand.self, WPSERCommand.self,
        ])
}
