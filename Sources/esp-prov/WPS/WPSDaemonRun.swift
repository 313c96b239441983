import Foundation
import WPS
import WpaCtrl

/// One daemon `wps` subcommand run, on the runner every daemon subcommand shares (`DaemonRun`: the
/// session, interrupts, output, exit codes): prints the weak-security note, says which daemon
/// answered, reports progress on stdout, and maps WPS's failures. An interrupt also cancels the
/// session in the daemon (`WPS_CANCEL`) and reads its state back before exiting 130.
struct WPSDaemonRun {
    let options: WPSDaemonOptions
    private let runner: DaemonRun
    var output: DaemonOutput { runner.output }

    init(options: WPSDaemonOptions) {
        self.options = options
        runner = DaemonRun(options: options.common, progress: .output)
    }

    /// `boundedBy`: `--timeout` bounds the whole run (connecting, the wait, the clean-up), not only the wait.
    func run(boundedBy bound: Duration? = nil, _ body: (WPSDaemon) throws -> (text: String, fields: any JSONFields)) async throws {
        let output = self.output
        let verbose = options.common.verbose
        let session = SessionToWithdraw()
        output.weakSecurityNote()
        try await runner.run(
            deadline: bound.map { ContinuousClock.now + $0 }, defaultDirectory: nil,
            withdraw: { session.withdraw() }, failure: Self.failure(for:), prepare: {},
            open: { connection in
                let daemon = try WPSDaemon(session: connection) { line in
                    if verbose { output.daemonLine(line) }
                }
                session.set(endpoint: connection.endpoint, clientDirectory: connection.clientDirectory, kind: daemon.kind)
                output.event(WPSEvents.Daemon(daemon: daemon.kind.rawValue, socket: connection.endpoint.socketPath),
                             text: "\(daemon.kind.rawValue) on \(connection.endpoint.socketPath)")
                return daemon
            }
        ) { daemon, _ in try body(daemon) }
    }

    /// `--save` on wpa_supplicant: persists the new network (nil on hostapd: it has nothing to save).
    func saveIfAsked(_ save: WPSSaveOptions, daemon: WPSDaemon, outcome: WPSOutcome) throws -> Bool? {
        guard daemon.kind == .wpaSupplicant else { return nil }
        guard save.save else { return false }
        try daemon.saveConfig(enablingUpdateConfig: save.updateConfig)
        output.event(WPSEvents.Saved(), text: nil)
        return true
    }

    /// The `result` fields and text of a successful outcome.
    static func summary(_ outcome: WPSOutcome, saved: Bool?) -> (text: String, fields: any JSONFields) {
        switch outcome {
        case .registered(let mac, let uuid, let deviceName):
            return ("WPS-REG-SUCCESS: enrollee \(mac) (UUID \(uuid)" + (deviceName.map { ", device name \"\(printableDaemonText($0))\"" } ?? "") + ") has the network",
                    WPSResults.Registered(enrollee: .init(mac: mac, uuid: uuid, deviceName: deviceName.map(printableDaemonText))))
        case .joined(let networks):
            let names = networks.map { "'\(printableDaemonText($0.ssid))' (network id \($0.id)\($0.keyManagement.map { ", \($0)" } ?? ""))" }
            return ("WPS-SUCCESS: joined " + (names.isEmpty ? "a network" : names.joined(separator: ", "))
                        + (saved == true ? "; saved to wpa_supplicant's configuration" : saved == false ? "; not saved (use --save to keep it)" : ""),
                    WPSResults.Joined(networks: networks.map(WPSResults.Network.init), saved: saved))
        case .learned(let network):
            return ("learned the AP's settings: SSID '\(printableDaemonText(network.ssid))', auth \(network.keyManagement ?? "unknown") (network id \(network.id))"
                        + (saved == true ? "; saved to wpa_supplicant's configuration" : ""),
                    WPSResults.Learned(network: WPSResults.Network(network), saved: saved))
        }
    }

    /// Every library error of a daemon `wps` run, as the CLI reports it.
    static func failure(for error: Error) -> CommandFailure {
        DaemonRun.failure(for: error) { error in
            guard let failure = error as? WPSError else { return nil }
            return CommandFailure(status(for: failure), "\(failure)")
        }
    }

    static func status(for failure: WPSError) -> ExitStatus {
        switch failure {
        case .wrongPin: return .wpsWrongPin
        case .overlap: return .wpsOverlap
        case .setupLocked: return .wpsSetupLocked
        case .windowClosed: return .wpsWindowClosed
        case .registrarNotReady, .failed, .noNewNetwork, .saveFailed: return .wpsFailed
        case .notAvailable: return .daemonUnsupported
        case .wrongDaemon: return .usage
        case .deadline, .noAPAnswered: return .timeout
        }
    }
}
