import ArgumentParser
import DPP
import Foundation

/// `esp-prov dpp sign`: the configurator's own connector (`DPP_CONFIGURATOR_SIGN`), so the
/// daemon itself joins (wpa_supplicant) or serves (hostapd, `--conf ap-dpp`) a DPP network.
struct DPPSignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a DPP configuration for the daemon itself (its own connector).")

    @OptionGroup var daemon: DPPDaemonOptions

    @Option(name: [.customLong("ssid")], help: "The network the connector is for.")
    var ssid: String

    @Option(name: [.customLong("conf")], help: "sta-dpp (wpa_supplicant) or ap-dpp (hostapd).")
    var conf: DPPNetworkSettings.Kind = .staDPP

    @OptionGroup var configurator: DPPConfiguratorKeyOptions

    func validate() throws {
        if conf.needsPassphrase { throw ValidationError("--conf must be sta-dpp or ap-dpp: sign makes a connector") }
    }

    func run() async throws {
        let session = DPPSession(options: daemon)
        try session.run(prepare: {
            (try DPPNetworkSettings(kind: conf, ssid: ssid, passphrase: nil), try DPPConfiguratorKeyFile(path: configurator.configuratorKeyFile))
        }) { daemon, input in
            let (settings, key) = input
            let outcome = try DPPSigner.run(daemon, settings: settings, configuratorKey: key.key, exportKey: key.needsSaving,
                                            timeout: self.daemon.deadline(default: 10), report: session.report)
            try key.save(outcome.exportedKey)
            let connector = outcome.received.connector.map(printableDaemonText) ?? ""
            return (["ssid": ssid, "conf": conf.rawValue, "connector": connector,
                     "network_id": session.nullable(outcome.received.networkID)],
                    "signed: the daemon now holds a \(conf.rawValue) connector for SSID \(ssid)\n\(connector)")
        }
    }
}
