import DPP
import Foundation
import ProvClient
import WpaCtrl

/// One `dpp` subcommand run, on the runner every daemon subcommand shares (`DaemonRun`: the
/// session, interrupts, output, exit codes): opens the DPP daemon (kind, DPP version), reports
/// progress on stderr (stdout keeps the URI and the summary), and maps DPP's failures. Everything
/// the run added to the daemon is undone on every exit path, Ctrl-C and SIGTERM included.
/// `@unchecked Sendable`: `runDeadline` is set once at the start of `run`, before the run shares the session; the rest is immutable.
final class DPPSession: @unchecked Sendable {
    let options: DPPDaemonOptions
    private let runner: DaemonRun
    /// Where a run bounded as a whole by `--timeout` must end (set by `run(boundedBy:)`).
    private var runDeadline: ContinuousClock.Instant?

    init(options: DPPDaemonOptions) {
        self.options = options
        runner = DaemonRun(options: options.common, progress: .error)
    }

    /// Checks the input with `prepare` (a bad URI fails as such even with no daemon), then runs
    /// `body` against the daemon; `body` returns the `result` fields and the text summary.
    /// `boundedBy`: `--timeout` bounds the whole run (connecting, the exchange, the undo), not only the wait.
    func run<Input>(
        boundedBy bound: Duration? = nil,
        prepare: () throws -> Input, _ body: (DPPDaemon, Input) throws -> (fields: any JSONFields, summary: String)
    ) async throws {
        runDeadline = bound.map { ContinuousClock.now + $0 }
        let verbose = options.verbose
        try await runner.run(
            deadline: runDeadline, defaultDirectory: options.defaultDirectory,
            withdraw: { "removed what this run added to the daemon" }, failure: Self.failure(for:), prepare: prepare,
            open: { session in
                let daemon = try DPPDaemon(session: session) { trace in
                    guard verbose else { return }
                    switch trace {
                    case .sent(let command): Self.log("> \(command)")
                    case .event(let text): Self.log("< \(text)")
                    }
                }
                emit(DPPEvents.Daemon(socket: session.endpoint.socketPath, kind: daemon.kind.rawValue, dppVersion: daemon.dppVersion), text: nil)
                return daemon
            }
        ) { daemon, input in
            let outcome = try body(daemon, input)
            return (outcome.summary, outcome.fields)
        }
    }

    /// `full`, or what is left of a bounded run when that is less: how long the exchange may wait.
    func waitTimeout(_ full: Duration) -> Duration {
        WpaCtrlClient.timeout(full, within: runDeadline)
    }

    /// A JSON event, or (text mode) an optional progress line on stderr.
    func emit<Event: JSONEvent>(_ event: Event, text: String?) {
        runner.output.event(event, text: text)
    }

    /// Progress of an exchange, as events and text.
    func report(_ step: DPPExchange.Step) {
        switch step {
        case .progress(let stage):
            emit(DPPEvents.Progress(stage: stage), text: "dpp: \(stage.replacingOccurrences(of: "_", with: " "))")
        case .transmit(let destination, let frequency, let result):
            emit(DPPEvents.Transmit(dst: destination, freq: frequency, result: result),
                 text: options.verbose ? nil : result.map { "dpp: frame to \(destination ?? "?") on \(frequency.map(String.init) ?? "?") MHz: \($0)" })
        case .configurationSent:
            emit(DPPEvents.Progress(stage: "configuration_sent"), text: nil)
        case .configurationReceived:
            emit(DPPEvents.Progress(stage: "configuration_received"), text: "dpp: configuration received")
        case .failed:
            break
        }
    }

    static func log(_ line: String) {
        StandardStream.error.write(line + "\n")
    }

    /// Every library error of a `dpp` run, as the CLI reports it.
    static func failure(for error: Error) -> CommandFailure {
        DaemonRun.failure(for: error) { error in
            switch error {
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
                return nil
            }
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
