import ArgumentParser
import WPS

/// `esp-prov wps er`: a separate wpa_supplicant (`-Dnone` on the LAN interface) as WPS External
/// Registrar for the APs of a network, over UPnP (hostap's README-WPS).
struct WPSERCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "er",
        abstract: "wpa_supplicant as WPS External Registrar over UPnP: list APs, learn or configure one, enroll through it.",
        discussion: "--ctrl is a wpa_supplicant started for this (e.g. wpa_supplicant -Dnone -i eth0 -c er.conf) on the "
            + "interface that reaches the APs' UPnP (hostapd's upnp_iface). Every run starts the ER (WPS_ER_START) and "
            + "stops it (WPS_ER_STOP) when it ends, also on an error, the deadline or an interrupt.",
        subcommands: [
            WPSERListCommand.self, WPSERLearnCommand.self, WPSERConfigCommand.self, WPSERPinCommand.self, WPSERPushButtonCommand.self,
        ])
}

/// The flags every `wps er` subcommand adds to the daemon flags.
struct WPSEROptions: ParsableArguments {
    @Option(name: [.customLong("ap_ip"), .customLong("ap-ip")], help: "Only talk to the AP at this IPv4 address (WPS_ER_START's filter).")
    var apIP: String?

    func validate() throws {
        guard let apIP else { return }
        let octets = apIP.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) else { throw ValidationError("--ap_ip must be an IPv4 address") }
    }
}

/// The AP of `learn` and `config`, and its PIN, taken as `wps ap-pin` takes it.
struct WPSERAPPinOptions: ParsableArguments {
    @Option(name: [.customLong("ap"), .customLong("bssid")], help: "The AP: its UUID (as wps er list shows) or BSSID.")
    var ap: String

    @OptionGroup var apPin: WPSAPPinOptions

    func validate() throws { try WPSERTarget.validate(ap, flag: "--ap") }

    func pin() throws -> WPSPin { try apPin.pin() }
}
