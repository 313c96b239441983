import Foundation
import WPS
import WpaCtrl

/// One daemon `wps` subcommand run: connects to the control socket (request socket plus an
/// attached one for events), says which daemon answered, runs `body`, reports its outcome as text
/// or `--json`, and maps every failure onto the exit-code table. Client sockets are removed on
/// every exit path; an interrupt (`SignalWatch.interrupts`) also cancels the session in the daemon
/// (`WPS_CANCEL`) and reads its state back before exiting 130.
struct WPSDaemonRun {
    let options: WPSDaemonOptions
    let output: WPSOutput

    init(options: WPSDaemonOptions) {
        self.options = options
        output = WPSOutput(json: options.json)
    }

    /// `boundedBy`: `--timeout` bounds the whole run (connecting, the wait, the clean-up), not only the wait.
    func run(boundedBy bound: Duration? = nil, _ body: (WPSDaemon) throws -> (text: String, fields: any JSONFields)) async throws {
        try await run(boundedBy: bound, withCleanup: { daemon, _ in try body(daemon) })
    }

    /// `run`, with the run's cleanup registry for the body's own undo actions (`wps er`'s `WPS_ER_STOP`).
    func run(boundedBy bound: Duration? = nil,
             withCleanup body: (WPSDaemon, CleanupRegistry) throws -> (text: String, fields: any JSONFields)) async throws {
        let runDeadline = bound.map { ContinuousClock.now + $0 }
        let registry = CleanupRegistry()
        let output = self.output
        let session = SessionToWithdraw()
        let signals = SignalCleanup(registry: registry) { number in
            output.interrupted(signal: number) { session.withdraw() }
        }
        defer {
            signals.cancel()
            registry.runAll()
        }
        output.weakSecurityNote()
        try await output.finish {
            do {
                let endpoint = ControlEndpoint(socketPath: try ControlSocketLocator.resolve(options.ctrl, interface: options.interface))
                let clientDirectory = WpaCtrlClientDirectory.path()
                let client = try WpaCtrlClient(endpoint: endpoint, clientDirectory: clientDirectory, cleanup: registry)
                defer { client.close() }
                let monitor = try WpaCtrlMonitor(endpoint: endpoint, clientDirectory: clientDirectory, cleanup: registry,
                                                 timeout: WpaCtrlClient.timeout(WpaCtrlClient.defaultTimeout, within: runDeadline))
                defer { monitor.close() }
                let verbose = options.verbose
                let daemon = try WPSDaemon(client: client, monitor: monitor, runDeadline: runDeadline) { line in
                    if verbose { output.daemonLine(line) }
                }
                session.set(endpoint: endpoint, clientDirectory: clientDirectory, kind: daemon.kind)
                output.event(WPSEvents.Daemon(daemon: daemon.kind.rawValue, socket: endpoint.socketPath),
                             text: "\(daemon.kind.rawValue) on \(endpoint.socketPath)")
                return try body(daemon, registry)
            } catch {
                throw WPSDaemonRun.failure(for: error)
            }
        }
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
        switch error {
        case let failure as CommandFailure:
            return failure
        case let failure as WPSError:
            return CommandFailure(status(for: failure), "\(failure)")
        default:
            return CommandFailure.daemon(error) ?? CommandFailure(.internalError, "\(error)")
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
