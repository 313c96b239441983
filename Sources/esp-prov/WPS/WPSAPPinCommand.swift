import ArgumentParser
import WPS

/// `esp-prov wps ap-pin`: wpa_supplicant as external registrar with the AP's label PIN (`WPS_REG`):
/// learns the AP's network and reports its SSID and auth, never its key.
struct WPSAPPinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ap-pin",
        abstract: "Learn an AP's network with its label PIN (wpa_supplicant as external registrar, WPS_REG).")

    @OptionGroup var options: WPSDaemonOptions

    @Option(name: [.customLong("bssid")], help: "The AP's BSSID.")
    var bssid: String

    @Option(name: [.customLong("ap_pin_file"), .customLong("ap-pin-file")], help: "Read the AP's PIN from a file (- for stdin; or ESP_PROV_WPS_AP_PIN).")
    var apPinFile: String?

    @OptionGroup var save: WPSSaveOptions

    func validate() throws {
        guard bssid.split(separator: ":").count == 6, bssid.split(separator: ":").allSatisfy({ $0.count == 2 && UInt8($0, radix: 16) != nil }) else {
            throw ValidationError("--bssid must be a MAC address (aa:bb:cc:dd:ee:ff)")
        }
    }

    func run() async throws {
        guard let text = try SecretSource(flag: nil, file: apPinFile, environmentVariable: "ESP_PROV_WPS_AP_PIN", fileFlagName: "--ap_pin_file").resolve() else {
            throw CommandFailure(.usage, "give the AP's PIN with --ap_pin_file FILE or ESP_PROV_WPS_AP_PIN")
        }
        let pin = try WPSPin.parsingForCLI(text, flag: "--ap_pin_file")
        let run = WPSDaemonRun(options: options)
        try await run.run(boundedBy: options.waitTimeout) { daemon in
            let outcome = try daemon.apPin(bssid: bssid, pin: pin, timeout: options.waitTimeout) {
                run.output.event(WPSEvents.Started(method: "ap_pin", role: "external_registrar"), text: "asking \(bssid) for its settings with its PIN")
            }
            return WPSDaemonRun.summary(outcome, saved: try run.saveIfAsked(save, daemon: daemon, outcome: outcome))
        }
    }
}
