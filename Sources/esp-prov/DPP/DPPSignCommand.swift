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
        try await session.run(prepare: {
            (try DPPNetworkSettings(kind: conf, ssid: ssid, passphrase: nil), try DPPConfiguratorKeyFile(path: configurator.configuratorKeyFile))
        }) { daemon, input in
            let (settings, key) = input
            let outcome = try DPPSigner.run(daemon, settings: settings, configuratorKey: key.key, exportKey: key.needsSaving,
                                            timeout: self.daemon.deadline(default: 10), report: session.report)
            try key.save(outcome.exportedKey)
            let connector = outcome.received.connector.map(printableDaemonText) ?? ""
            // The daemon stores the connector as a network only with dpp_config_processing 1 or 2;
            // with 0 it only reports it (the events carried it here), so say which happened.
            let stored = outcome.received.networkID.map { "the daemon stored it as network id \($0)" }
                ?? "the daemon did not store it (no network added: with dpp_config_processing=0 it only reports the connector); "
                + "use the connector below, or set dpp_config_processing=2 to have it added"
            return (DPPEvents.SignResult(ssid: ssid, conf: conf.rawValue, connector: connector,
                                         networkID: outcome.received.networkID),
                    "signed a \(conf.rawValue) connector for SSID \(ssid); \(stored)\n\(connector)")
        }
    }
}
