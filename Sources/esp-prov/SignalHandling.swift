#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import ProcessSignals
import ProvClient
import Synchronization

/// How far a run got, as far as the device is concerned: whether Ctrl-C can promise that nothing
/// was changed on it. Fed with the run's events.
final class RunPhase: Sendable {
    private let touched = Mutex(false)

    func observe(_ event: ProvEvent) {
        switch event {
        case .credentialsSending, .datasetSending, .controlSending: touched.withLock { $0 = true }
        default: break
        }
    }

    /// Credentials, a dataset or a control command may have reached the device.
    var deviceMayHaveChanged: Bool { touched.withLock { $0 } }

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
/// echo off after a hidden prompt, a BLE link left open), the run says whether the device was
/// changed and exits 130 through `RunEnding`, with one `result` line under `--json`: the first
/// signal wins, any arriving with it are ignored.
enum InterruptHandling {
    /// Installs the handlers for the rest of the process.
    static func install(phase: RunPhase, ending: RunEnding) -> SignalWatch {
        SignalWatch { _ in ending.end(CommandFailure(.interrupted, phase.interruptMessage)) }
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
