import ArgumentParser
import WPS

/// `esp-prov wps er learn`: reads an AP's settings with its AP PIN (`WPS_ER_LEARN`) and reports its
/// SSID, auth and encryption, never its key (`WPS-ER-AP-SETTINGS` carries it; the decoder drops it).
struct WPSERLearnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Read an AP's settings with its AP PIN (WPS_ER_LEARN): SSID, auth and encryption, never the key.")

    @OptionGroup var options: WPSDaemonOptions
    @OptionGroup var er: WPSEROptions
    @OptionGroup var target: WPSERAPPinOptions

    func run() async throws {
        let pin = try target.pin()
        let timeout = options.waitTimeout
        let deadline = ContinuousClock.now + timeout
        try await WPSERRun(options: options, filter: er.apIP).run { registrar in
            let ap = try registrar.accessPoint(target.ap, until: deadline)
            let settings = try registrar.learn(ap, pin: pin, until: deadline, timeout: timeout)
            let ssid = printableDaemonText(settings.ssid)
            return ("AP \(ap.uuid) (\(ap.mac)): SSID '\(ssid)', auth \(settings.authName), encryption \(settings.encryptionName) (key not shown)",
                    WPSResults.ERSettings(outcome: "learned", ap: .init(ap), ssid: ssid, auth: settings.authName,
                                          encryption: settings.encryptionName))
        }
    }
}
