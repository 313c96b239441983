import ArgumentParser
import DPP
import Foundation
import OptionValues

/// `esp-prov dpp configure`: hand a network to an enrollee from its DPP URI, with this host's
/// daemon as configurator, over the air or DPP's TCP transport. Exits 0 only on `DPP-CONF-SENT`.
struct DPPConfigureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "configure",
        abstract: "Configure an enrollee from its DPP URI (exits 0 on DPP-CONF-SENT).")

    @OptionGroup var daemon: DPPDaemonOptions

    @Option(name: [.customLong("uri")], help: "The enrollee's DPP URI (the text of its QR code).")
    var uri: String

    @Option(name: [.customLong("ssid")], help: "The network to hand over.")
    var ssid: String

    @Option(name: [.customLong("passphrase")], help: "Its passphrase (visible in ps: prefer --passphrase_file or ESP_PROV_PASSPHRASE).")
    var passphrase: String?

    @Option(name: [.customLong("passphrase_file"), .customLong("passphrase-file")], help: "Read the passphrase from a file (- for stdin).")
    var passphraseFile: String?

    @Option(name: [.customLong("conf")], help: "sta-psk, sta-sae, sta-psk-sae, sta-dpp, ap-psk, ap-sae or ap-dpp.")
    var conf: DPPNetworkSettings.Kind = .staPSK

    @Option(name: [.customLong("tcp")], help: "Reach the enrollee over DPP's TCP transport at HOST[:PORT] (default port 8908).")
    var tcp: String?

    @Option(name: [.customLong("freq")], help: "The frequency (MHz \(BoundedInteger<RadioFrequency>.rangeText)) to negotiate on (over TCP only a formality: default 2412).")
    var freq: BoundedInteger<RadioFrequency>?

    @OptionGroup var configurator: DPPConfiguratorKeyOptions

    func validate() throws {
    }

    func run() async throws {
        let session = DPPSession(options: daemon)
        try await session.run(boundedBy: daemon.deadline(default: 30), prepare: {
            (peer: try DPPURI(parsing: uri),
             settings: try DPPNetworkSettings(kind: conf, ssid: ssid, passphrase: try resolvedPassphrase()),
             path: try DPPTCPAddress.path(tcp: tcp, freq: freq?.value, resolveWithin: daemon.deadline(default: 30)),
             key: try DPPConfiguratorKeyFile(path: configurator.configuratorKeyFile))
        }) { daemon, input in
            let (peer, settings, path, key) = input
            session.emit(DPPEvents.Peer(pkhash: peer.pkhash, channels: peer.channels.map(\.description), mac: peer.macText, version: peer.version),
                         text: nil)
            session.emit(DPPEvents.AuthStarted(path: tcp == nil ? "air" : "tcp", tcp: path.tcpText,
                                               negFreq: path.negotiationFrequency, conf: conf.rawValue, ssid: ssid),
                         text: "dpp: configuring \(peer.pkhash.prefix(16))… with \(settings) " + (path.tcpText.map { "over TCP to \($0)" } ?? "over the air"))
            let outcome = try DPPConfigurator.run(
                daemon, peer: peer, settings: settings, path: path, configuratorKey: key.key, exportKey: key.needsSaving,
                timeout: session.waitTimeout(self.daemon.deadline(default: 30)), report: session.report)
            try key.save(outcome.exportedKey)
            return (DPPEvents.ConfigureResult(ssid: ssid, conf: conf.rawValue, pkhash: peer.pkhash),
                    "configured: sent \(conf.rawValue) for SSID \(ssid) to the enrollee (pkhash \(peer.pkhash))")
        }
    }

    /// `--passphrase` > `--passphrase_file` > `ESP_PROV_PASSPHRASE` > a prompt without echo when
    /// stdin is a terminal (as the provisioning command asks); none for DPP connectors. The
    /// configurator's own wpa_supplicant cannot supply it: `GET_NETWORK <id> psk` answers `*`.
    private func resolvedPassphrase() throws -> String? {
        guard conf.needsPassphrase else { return nil }
        if let given = try SecretSource.passphrase(flag: passphrase, file: passphraseFile).resolve() {
            return given
        }
        guard isatty(STDIN_FILENO) == 1 else { return nil }
        return try Terminal(promptsToStderr: true).askHidden("Passphrase for \(printableDaemonText(ssid)): ", flag: "--passphrase_file")
    }
}

extension DPPNetworkSettings.Kind: ExpressibleByArgument {}
