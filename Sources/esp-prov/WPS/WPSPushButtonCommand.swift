import ArgumentParser
import WPS

/// `esp-prov wps pbc`: push button on whichever daemon answers — hostapd opens its window and
/// waits for an enrollee; wpa_supplicant joins an AP whose button was pushed.
struct WPSPushButtonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pbc",
        abstract: "Push-button WPS: open hostapd's window and wait for a device, or join an AP with wpa_supplicant.",
        discussion: "Two devices pushing at once (session overlap) is refused: it may be an attacker.")

    @OptionGroup var options: WPSDaemonOptions

    @Option(name: [.customLong("bssid")], help: "wpa_supplicant: join only this AP.")
    var bssid: String?

    @OptionGroup var save: WPSSaveOptions

    func run() async throws {
        let run = WPSDaemonRun(options: options)
        try await run.run(boundedBy: options.waitTimeout) { daemon in
            let outcome = try daemon.pushButton(bssid: bssid, timeout: options.waitTimeout) {
                run.output.event(WPSEvents.Started(method: "pbc", role: daemon.kind == .hostapd ? "registrar" : "enrollee"),
                                 text: daemon.kind == .hostapd
                                     ? "push-button window open: start WPS on the device now (the window closes after 2 minutes)"
                                     : "push-button mode: push the AP's WPS button now")
            }
            return WPSDaemonRun.summary(outcome, saved: try run.saveIfAsked(save, daemon: daemon, outcome: outcome))
        }
    }
}
