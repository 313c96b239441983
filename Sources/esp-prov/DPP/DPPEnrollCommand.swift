import ArgumentParser
import DPP
import Foundation
import OptionValues
import WpaCtrl

/// `esp-prov dpp enroll`: this host's daemon as the enrollee (a Pi joining through another Pi).
/// Prints its bootstrap URI, listens, and exits 0 when a configuration arrives, naming the SSID,
/// AKM and network id received, never the passphrase or PSK.
struct DPPEnrollCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll",
        abstract: "Be the enrollee: listen, print a DPP URI, and wait for a configuration.")

    @OptionGroup var daemon: DPPDaemonOptions
    @OptionGroup var bootstrap: DPPBootstrapOptions

    @Option(name: [.customLong("listen")], help: "Listen over the air on this frequency (MHz \(BoundedInteger<RadioFrequency>.rangeText); default: the first --chan, else 2412).")
    var listen: BoundedInteger<RadioFrequency>?

    @Option(name: [.customLong("tcp_port"), .customLong("tcp-port")], help: "Listen as a DPP TCP controller on this port \(BoundedInteger<PortNumber>.rangeText) (8908 is DPP's).")
    var tcpPort: BoundedInteger<PortNumber>?

    @Flag(name: [.customLong("restart_controller"), .customLong("restart-controller")],
          help: "With --tcp_port: stop a DPP controller still running in the daemon (DPP_CONTROLLER_STOP) before starting this one.")
    var restartController = false

    func validate() throws {
        if restartController && tcpPort == nil { throw ValidationError("--restart_controller goes with --tcp_port") }
        if listen != nil && tcpPort != nil { throw ValidationError("give --listen (over the air) or --tcp_port, not both") }
    }

    func run() async throws {
        let session = DPPSession(options: daemon)
        try await session.run(boundedBy: daemon.deadline(default: 120), prepare: bootstrap.bootstrap) { daemon, parameters in
            let (id, uri) = try DPPEnrollee.bootstrap(daemon, parameters, keep: false)
            let mode: DPPEnrollee.Listen = tcpPort.map { .tcp(port: $0.value) }
                ?? .air(frequency: listen?.value ?? parameters.channels.first?.frequency ?? 2412)
            // Listening before the URI is out (JSON event, text, QR code): whoever reads it may start
            // the configurator at once, and a TCP controller not yet started would refuse it.
            try DPPEnrollee.startListening(daemon, mode, restartingController: restartController)
            session.emit(DPPEvents.Bootstrap(id: id, uri: uri.text, pkhash: uri.pkhash), text: nil)
            switch mode {
            case .tcp(let port):
                session.emit(DPPEvents.Listening(path: "tcp", tcpPort: port, freq: nil), text: "dpp: listening as a DPP TCP controller on port \(port)")
            case .air(let frequency):
                session.emit(DPPEvents.Listening(path: "air", tcpPort: nil, freq: frequency), text: "dpp: listening on \(frequency) MHz")
            }
            try bootstrap.show(uri, json: self.daemon.json)
            let outcome = try DPPEnrollee.receive(daemon, listen: mode, timeout: session.waitTimeout(self.daemon.deadline(default: 120)), report: session.report)
            let received = outcome.received
            let ssid = received.ssid.map(printableDaemonText)
            let akm = received.akm.map(printableDaemonText)
            var summary = "enrolled: received a configuration for SSID \(ssid ?? "?") (AKM \(akm ?? "?"))"
            if let networkID = received.networkID {
                summary += ", network id \(networkID)"
            } else {
                summary += daemon.kind == .hostapd ? "; hostapd does not apply it: configure the AP with it"
                    : "; the daemon added no network (is dpp_config_processing=0?)"
            }
            return (DPPEvents.EnrollResult(ssid: ssid, akm: akm, networkID: received.networkID,
                                           credentialReceived: received.hasCredential, pkhash: uri.pkhash), summary)
        }
    }
}
