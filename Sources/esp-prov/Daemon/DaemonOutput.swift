import Foundation

/// Where a `dpp` or `wps` subcommand reports: plain progress lines on its `progress` stream (`wps`:
/// stdout, where a PIN to type or "window open" is what a person or script waits for; `dpp`: stderr,
/// stdout keeping the URI and the summary), the summary on stdout, or with `--json` one JSON object
/// per line (JSONLines) on stdout ending with `result`. Every line goes through `StandardStream`,
/// unbuffered, so a line reaches a pipe, a file or an ssh session when it happens, and a reader
/// that goes away (`| head -1`) never crashes the run. The WPS weak-security note goes to stderr
/// once, and not with `--json`.
///
/// An interrupt and the run's own end race for the one `result` line: whichever comes first takes
/// the lock and the other writes nothing more (`interrupted` keeps it until the process exits).
/// `@unchecked Sendable`: `ended` and every line written are guarded by `lock`; `lines` and `progress` are immutable.
final class DaemonOutput: @unchecked Sendable {
    private let lines: JSONLines?
    private let progress: StandardStream
    private let lock = NSLock()
    private var ended = false

    /// `progress`: where text progress lines go (the summary always goes to stdout).
    init(json: Bool, progress: StandardStream = .output) {
        lines = json ? JSONLines { StandardStream.output.write($0) } : nil
        self.progress = progress
    }

    /// Whether the run writes JSON lines.
    var isJSON: Bool { lines != nil }

    /// One progress step: `text` for people (nil: nothing to say), `event` for `--json`.
    func event<Event: JSONEvent>(_ event: Event, text: String?) {
        lock.lock()
        defer { lock.unlock() }
        guard !ended else { return }
        if let lines {
            lines.emit(event)
        } else if let text {
            progress.write(text + "\n")
        }
    }

    /// A `-v` daemon line: a `daemon_event` with `--json`, otherwise on stderr, away from the lines scripts read.
    func daemonLine(_ line: String) {
        if lines != nil {
            event(WPSEvents.DaemonEvent(text: line), text: nil)
        } else {
            StandardStream.error.write("< \(line)\n")
        }
    }

    /// Once per run, after the arguments were checked; not with `--json`, whose readers want only JSON.
    func weakSecurityNote() {
        guard lines == nil else { return }
        StandardStream.error.write(
            "note: WPS is weak security: a PIN can be brute-forced and an open push-button window lets any nearby "
                + "device join; prefer DPP or a passphrase where the device supports it.\n")
    }

    /// An interrupt: unless the run already wrote its result, stops every other line, runs
    /// `withdraw` (what the run asked of the daemon, taken back; it returns what the daemon says
    /// now), closes the JSON stream with one `result`, says what happened and exits 130.
    func interrupted(signal number: Int32, withdraw: () -> String?) {
        lock.lock()
        guard !ended else {
            lock.unlock()  // the run's own result is out; it exits with its own status
            return
        }
        ended = true
        let undone = withdraw()
        let failure = CommandFailure(.interrupted, "interrupted (signal \(number))" + (undone.map { "; \($0)" } ?? ""))
        lines?.result(failure)
        StandardStream.error.write("error: \(failure)\n")
        exit(failure.status.rawValue)
    }

    /// Runs the command body; its summary becomes the last text line or the `result` object. A
    /// `CommandFailure` also closes the JSON stream with `result` before `EspProv.main` reports it.
    /// After an interrupt took over, the run waits here (on the lock) for the interrupt to end the process.
    func finish(_ body: () async throws -> (text: String, fields: any JSONFields)) async throws {
        let outcome: Result<(text: String, fields: any JSONFields), CommandFailure>
        do {
            outcome = .success(try await body())
        } catch let failure as CommandFailure {
            outcome = .failure(failure)
        }
        try lock.withLock {
            ended = true
            switch outcome {
            case .success(let (text, fields)):
                if let lines { lines.result(nil, fields) } else { StandardStream.output.write(text + "\n") }
            case .failure(let failure):
                lines?.result(failure)
                throw failure
            }
        }
    }
}
