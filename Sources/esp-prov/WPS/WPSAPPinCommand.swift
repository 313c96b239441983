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

    @OptionGroup var apPin: WPSAPPinOptions

    @OptionGroup var save: WPSSaveOptions

    func validate() throws {
        guard bssid.split(separator: ":").count == 6, bssid.split(separator: ":").allSatisfy({ $0.count == 2 && UInt8($0, radix: 16) != nil }) else {
            throw ValidationError("--bssid must be a MAC address (aa:bb:cc:dd:ee:ff)")
        }
    }

    func run() async throws {
        let pin = try apPin.pin()
        let run = WPSDaemonRun(options: options)
        try await run.run(boundedBy: options.waitTimeout) { daemon in
            let outcome = try daemon.apPin(bssid: bssid, pin: pin, timeout: options.waitTimeout) {
                run.output.event(WPSEvents.Started(method: "ap_pin", role: "external_registrar"), text: "asking \(bssid) for its settings with its PIN")
            }
            return WPSDaemonRun.summary(outcome, saved: try run.saveIfAsked(save, daemon: daemon, outcome: outcome))
        }
    }
}
