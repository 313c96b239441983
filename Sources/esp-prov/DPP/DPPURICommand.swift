import ArgumentParser
import DPP
import Foundation

/// `esp-prov dpp uri`: print a bootstrap URI (and QR) without waiting. The bootstrap stays in the
/// daemon (that is its point: a later listen, by esp-prov or wpa_cli, answers for it); its id is
/// printed so it can be removed (`DPP_BOOTSTRAP_REMOVE <id>`).
struct DPPURICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uri",
        abstract: "Generate a DPP bootstrap in the daemon and print its URI/QR code (no waiting).")

    @OptionGroup var daemon: DPPDaemonOptions
    @OptionGroup var bootstrap: DPPBootstrapOptions

    func run() async throws {
        let session = DPPSession(options: daemon)
        try await session.run(prepare: bootstrap.bootstrap) { daemon, parameters in
            let (id, uri) = try DPPEnrollee.bootstrap(daemon, parameters, keep: true)
            try bootstrap.show(uri, json: self.daemon.json)
            return (DPPEvents.Bootstrap(id: id, uri: uri.text, pkhash: uri.pkhash),
                    "bootstrap id \(id), pkhash \(uri.pkhash) (kept in the daemon: DPP_BOOTSTRAP_REMOVE \(id) removes it)")
        }
    }
}
