#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import ProcessSignals
import ProvClient

/// How far a run got, as far as the device is concerned: whether Ctrl-C can promise that nothing
/// was changed on it. Fed with the run's events.
/// `@unchecked Sendable`: `touched` is guarded by `lock`.
final class RunPhase: @unchecked Sendable {
    private let lock = NSLock()
    private var touched = false

    func observe(_ event: ProvEvent) {
        switch event {
        case .credentialsSending, .datasetSending, .controlSending: lock.withLock { touched = true }
        default: break
        }
    }

    /// Credentials, a dataset or a control command may have reached the device.
    var deviceMayHaveChanged: Bool { lock.withLock { touched } }

    /// What the user needs to know after an interrupt at this point, and what to do.
    var interruptMessage: String {
        deviceMayHaveChanged
            ? "interrupted after the device was sent credentials (or a command): the outcome is unknown. "
                + "Run esp-prov again to see whether it still provisions (a provisioned device stops answering), "
                + "or undo with --reset"
            : Self.nothingSent
    }

    /// The interrupt message while nothing has been sent (also each untouched device's in a batch).
    static let nothingSent = "interrupted before anything was sent to the device: nothing was changed on it"
}

/// Ctrl-C, SIGTERM and SIGHUP (`SignalWatch.interrupts`): instead of dying mid-line (spinner drawn,
/// echo off after a hidden prompt), the run says whether the device was changed and exits 130, with
/// one `result` line under `--json`: the first signal wins, any arriving with it are ignored.
enum InterruptHandling {
    /// Installs the handlers for the rest of the process; `finish` prints the outcome, then it exits.
    static func install(phase: RunPhase, finish: @escaping @Sendable (CommandFailure) -> Void) -> SignalWatch {
        var saved = termios()
        let restoreTerminal = isatty(STDIN_FILENO) == 1 && tcgetattr(STDIN_FILENO, &saved) == 0
        let terminalState = saved
        let first = FirstSignal()
        return SignalWatch { _ in
            guard first.claim() else { return }
            if restoreTerminal {
                var state = terminalState
                tcsetattr(STDIN_FILENO, TCSANOW, &state)
            }
            let failure = CommandFailure(.interrupted, phase.interruptMessage)
            finish(failure)
            StandardStream.error.write("\nerror: \(failure)\n")
            exit(ExitStatus.interrupted.rawValue)
        }
    }
}

extension Reporter {
    /// The run was interrupted: clear the progress line, and under `--json` close with `result`.
    func interrupted(_ failure: CommandFailure) {
        switch self {
        case .text(let text): text.progress?.stop()
        case .json(let json): json.lines.result(failure)
        }
    }
}
