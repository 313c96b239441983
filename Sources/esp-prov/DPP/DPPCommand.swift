import ArgumentParser

/// `esp-prov dpp`: Wi-Fi Easy Connect through the host's wpa_supplicant or hostapd, as one
/// command per role instead of a sequence of `wpa_cli` calls with ids copied by hand.
struct DPPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dpp",
        abstract: "Wi-Fi Easy Connect (DPP) through wpa_supplicant or hostapd.",
        discussion: "configure: hand a network to a device from its DPP URI (QR code). enroll: be the device. "
            + "uri: print a bootstrap URI/QR. sign: give the daemon its own connector.",
        subcommands: [DPPConfigureCommand.self, DPPEnrollCommand.self, DPPURICommand.self, DPPSignCommand.self])
}
