import ArgumentParser
import WPS

/// `esp-prov wps pin`: PIN WPS — hostapd authorises the enrollee's PIN (the board prints it) and
/// waits for it; wpa_supplicant enrolls with a given PIN or generates one and prints it.
struct WPSPinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pin",
        abstract: "PIN WPS: authorise an enrollee's PIN on hostapd, or enroll with wpa_supplicant.",
        discussion: "Every PIN is checksum-checked before use ('1234-5670' style accepted). Without a PIN, wpa_supplicant "
            + "generates one (WPS_PIN get) and esp-prov prints it for the registrar.")

    @OptionGroup var options: WPSDaemonOptions

    @Option(name: [.customLong("pin")], help: "The PIN (8 digits, or 4 for a registrar that shows a short PIN; also --pin_file, ESP_PROV_WPS_PIN).")
    var pin: String?

    @OptionGroup var pinFile: WPSPinFileOptions

    @Option(name: [.customLong("bssid")], help: "wpa_supplicant: enroll only with this AP.")
    var bssid: String?

    @OptionGroup var save: WPSSaveOptions

    func run() async throws {
        let given = try pinFile.pin(given: pin)
        let run = WPSDaemonRun(options: options)
        try await run.run(boundedBy: options.waitTimeout) { daemon in
            let pin: WPSPin
            if let given {
                pin = given
            } else if daemon.kind == .hostapd {
                throw CommandFailure(.usage, "hostapd authorises the enrollee's PIN: give --pin (the device prints it), --pin_file or ESP_PROV_WPS_PIN")
            } else {
                pin = try daemon.generatePin()
                run.output.event(WPSEvents.Pin(pin: pin.digits, generated: true),
                                 text: "PIN \(pin.digits): enter it on the AP's registrar (e.g. esp-prov wps pin --ctrl /run/hostapd/IF --pin \(pin.digits))")
            }
            let outcome = try daemon.pin(pin, bssid: bssid, timeout: options.waitTimeout) {
                run.output.event(WPSEvents.Started(method: "pin", role: daemon.kind == .hostapd ? "registrar" : "enrollee"),
                                 text: daemon.kind == .hostapd ? "PIN authorised for any enrollee: start WPS on the device now" : "enrolling with the PIN")
            }
            return WPSDaemonRun.summary(outcome, saved: try run.saveIfAsked(save, daemon: daemon, outcome: outcome))
        }
    }
}
