import DPP
import Foundation
import ProvClient
import WpaCtrl

/// One `dpp` subcommand run: connects to the daemon, reports progress (text or `--json`),
/// undoes everything it added to the daemon on every exit path (Ctrl-C and SIGTERM included,
/// through the run's own `CleanupRegistry`), and maps every failure onto the exit-code table.
/// `@unchecked Sendable`: `runDeadline`, its only `var`, is set at the start of `run` before any other thread sees the session.
final class DPPSession: @unchecked Sendable {
    let options: DPPDaemonOptions
    let json: JSONLines?
    private let registry = CleanupRegistry()
    /// Where a run bounded as a whole by `--timeout` must end (set by `run(boundedBy:)`).
    private var runDeadline: ContinuousClock.Instant?

    init(options: DPPDaemonOptions) {
        self.options = options
        json = options.json ? JSONLines { StandardStream.output.write($0) } : nil
    }

    /// Checks the input with `prepare` (a bad URI fails as such even with no daemon), then runs
    /// `body` against the daemon; `body` returns the `result` fields and the text summary.
    /// `boundedBy`: `--timeout` bounds the whole run (connecting, the exchange, the undo), not only the wait.
    func run<Input>(
        boundedBy bound: Duration? = nil,
        prepare: () throws -> Input, _ body: (DPPDaemon, Input) throws -> (fields: [String: Any], summary: String)
    ) throws {
        runDeadline = bound.map { ContinuousClock.now + $0 }
        let json = json
        let signals = SignalCleanup(registry: registry) { number in
            let failure = CommandFailure(.interrupted, "interrupted (signal \(number)); removed what this run added to the daemon")
            json?.result(failure)
            StandardStream.error.write("error: \(failure)\n")
            exit(ExitStatus.interrupted.rawValue)
        }
        defer { signals.cancel() }
        var opened: DPPDaemon?
        do {
            let input = try prepare()
            let endpoint = ControlEndpoint(socketPath: try options.socketPath())
            let verbose = options.verbose
            let clientDirectory = WpaCtrlClientDirectory.path()
            let daemon = try DPPDaemon(endpoint: endpoint, cleanup: registry, clientDirectory: clientDirectory, runDeadline: runDeadline) { trace in
                guard verbose else { return }
                switch trace {
                case .sent(let command): Self.log("> \(command)")
                case .event(let text): Self.log("< \(text)")
                }
            }
            opened = daemon
            emit("daemon", ["socket": endpoint.socketPath, "kind": daemon.kind.rawValue, "dpp_version": nullable(daemon.dppVersion)],
                 text: nil)
            let outcome = try body(daemon, input)
            opened = nil
            daemon.finish()
            json?.result(nil, outcome.fields)
            if json == nil { StandardStream.output.write(outcome.summary + "\n") }
        } catch {
            opened?.finish()
            let failure = Self.failure(for: error)
            json?.result(failure)
            throw failure
        }
    }

    /// `full`, or what is left of a bounded run when that is less: how long the exchange may wait.
    func waitTimeout(_ full: Duration) -> Duration {
        WpaCtrlClient.timeout(full, within: runDeadline)
    }

    /// A JSON event, or (text mode) an optional progress line on stderr.
    func emit(_ event: String, _ fields: [String: Any], text: String?) {
        if let json {
            json.emit(event, fields)
        } else if let text {
            Self.log(text)
        }
    }

    /// Progress of an exchange, as events and text.
    func report(_ step: DPPExchange.Step) {
        switch step {
        case .progress(let stage):
            emit("progress", ["stage": stage], text: "dpp: \(stage.replacingOccurrences(of: "_", with: " "))")
        case .transmit(let destination, let frequency, let result):
            emit("tx", ["dst": nullable(destination), "freq": nullable(frequency), "result": nullable(result)],
                 text: options.verbose ? nil : result.map { "dpp: frame to \(destination ?? "?") on \(frequency.map(String.init) ?? "?") MHz: \($0)" })
        case .configurationSent:
            emit("progress", ["stage": "configuration_sent"], text: nil)
        case .configurationReceived:
            emit("progress", ["stage": "configuration_received"], text: "dpp: configuration received")
        case .failed:
            break
        }
    }

    /// JSON null for an absent value (JSONSerialization cannot write a Swift nil).
    func nullable(_ value: Any?) -> Any { value ?? NSNull() }

    static func log(_ line: String) {
        StandardStream.error.write(line + "\n")
    }

    /// Every library error of a `dpp` run, as the CLI reports it.
    static func failure(for error: Error) -> CommandFailure {
        switch error {
        case let failure as CommandFailure:
            return failure
        case let failure as ProvError:
            return CommandFailure(ExitStatus(for: failure), "\(failure.namingFlags)")
        case let failure as DPPURIError:
            return CommandFailure(.dppURI, "\(failure)")
        case DPPNetworkSettings.Invalid.passphraseMissing(let kind):
            return CommandFailure(
                .usage, "conf \(kind.rawValue) needs a passphrase (--passphrase_file F, - for stdin, or ESP_PROV_PASSPHRASE; "
                    + "asked without echo when stdin is a terminal): wpa_supplicant never reveals a stored one (GET_NETWORK answers *)")
        case let failure as DPPNetworkSettings.Invalid:
            return CommandFailure(.usage, "\(failure)")
        case let failure as DPPFailure:
            return CommandFailure(status(for: failure), message(for: failure))
        default:
            return CommandFailure.daemon(error) ?? CommandFailure(.internalError, "\(error)")
        }
    }

    /// The library's message, with the flag that is the remedy where the library names it neutrally.
    static func message(for failure: DPPFailure) -> String {
        switch failure {
        case .authenticationNotStarted(tcp: nil):
            return "the daemon refused to start DPP authentication over the air (DPP_AUTH_INIT FAIL): does this interface have a radio? "
                + "Use --tcp HOST for DPP over TCP"
        case .configurationFailed(let detail):
            return "the configuration was refused or failed after authentication (\(detail)): check --conf matches what the device supports"
        default:
            return failure.description
        }
    }

    static func status(for failure: DPPFailure) -> ExitStatus {
        switch failure {
        case .unsupported: return .daemonUnsupported
        case .controllerNotStarted: return .usage
        case .uriRefused: return .dppURI
        case .authenticationNotStarted, .noAcknowledgement, .controllerNotReachable: return .dppNoPeer
        case .notCompatible, .authenticationFailed, .configurationFailed: return .dppRejected
        case .silence, .stalled, .ignoredByController: return .timeout
        }
    }
}
