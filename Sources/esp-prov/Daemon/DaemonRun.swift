import Foundation
import WpaCtrl

/// One `dpp` or `wps` subcommand run on a daemon's control socket, the shape both share: watch for
/// interrupts (`SignalWatch.interrupts`: SIGINT, SIGTERM, SIGHUP) from the start, check the input,
/// open one `WpaCtrlSession` (request socket, attached socket, the run's bound and undo list), open
/// the family's daemon on it, run the body, close the session (its undo list sent) on every path,
/// and report the outcome as text or `--json` with failures mapped onto the exit-code table. An
/// interrupt sends the undo list and removes the client sockets (`SignalCleanup`), then the
/// family's `withdraw` says what else it took back, and the run exits 130 with one `result` line.
struct DaemonRun {
    let options: DaemonOptions
    let output: DaemonOutput

    /// `progress`: where text progress lines go (see `DaemonOutput`).
    init(options: DaemonOptions, progress: StandardStream) {
        self.options = options
        output = DaemonOutput(json: options.json, progress: progress)
    }

    /// The run. `deadline`: where a run bounded as a whole by `--timeout` must end (connecting, the
    /// exchange, the undo). `defaultDirectory`: where `--ctrl` defaults to (nil: it is required).
    /// `prepare` checks the input before any daemon is reached (a bad URI fails as such with no
    /// daemon); `open` makes the family's daemon on the session (kind, capabilities) and announces
    /// it; `failure` maps the family's errors; `withdraw` runs on an interrupt, after the undo list,
    /// and returns what it did, for the message (nil: nothing to add).
    func run<Input, Daemon>(
        deadline: ContinuousClock.Instant?, defaultDirectory: String?,
        withdraw: @escaping @Sendable () -> String?, failure: (Error) -> CommandFailure,
        prepare: () throws -> Input, open: (WpaCtrlSession) throws -> Daemon,
        _ body: (Daemon, Input) throws -> (text: String, fields: any JSONFields)
    ) async throws {
        let cleanup = CleanupRegistry()
        let output = self.output
        let signals = SignalCleanup(registry: cleanup) { number in
            output.interrupted(signal: number, withdraw: withdraw)
        }
        defer {
            signals.cancel()
            cleanup.runAll()
        }
        try await output.finish {
            do {
                let input = try prepare()
                let session = try WpaCtrlSession(
                    endpoint: try options.endpoint(defaultDirectory: defaultDirectory), clientDirectory: WpaCtrlClientDirectory.path(),
                    cleanup: cleanup, runDeadline: deadline)
                defer { session.close() }
                return try body(try open(session), input)
            } catch {
                throw failure(error)
            }
        }
    }

    /// The failure a run reports: a `CommandFailure` as it is, the family's own errors as `family`
    /// maps them (nil: not one of its own), then the control-socket failures every daemon
    /// subcommand shares (`CommandFailure.daemon`); anything else is an internal error.
    static func failure(for error: Error, family: (Error) -> CommandFailure?) -> CommandFailure {
        if let failure = error as? CommandFailure { return failure }
        return family(error) ?? CommandFailure.daemon(error) ?? CommandFailure(.internalError, "\(error)")
    }
}
