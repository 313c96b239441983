#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import ProcessSignals
import ProvClient
import ProvSupport

/// The one way a provisioning run ends from outside: a signal (Ctrl-C, SIGTERM, SIGHUP), `--deadline`
/// or, with `--end_with_stdin`, the end of stdin. The first cause wins (and a run that finishes by
/// itself meanwhile prints nothing more): the terminal is restored, the open link is closed, so a
/// BLE device is disconnected instead of being left connected in bluetoothd after we are gone (and
/// unable to advertise to the next run), the outcome is printed once, and the process exits.
/// `@unchecked Sendable`: `transport` is guarded by `lock`; everything else is immutable after `init` (`FirstSignal` is Sendable).
final class RunEnding: @unchecked Sendable {
    /// How long closing the link may hold up the exit; BlueZ answers a Disconnect in milliseconds,
    /// and a link that cannot be closed in this time is left to the kernel, as before.
    static let closeLimit: Duration = .seconds(2)

    private let first = FirstSignal()
    private let lock = NSLock()
    private var transport: (any ProvTransport)?
    private let terminal: termios?
    private let finish: @Sendable (CommandFailure) -> Void

    /// `finish` prints the outcome (the `result` line under `--json`); the terminal's state is saved
    /// now, so an end during a hidden prompt turns echo back on.
    init(finish: @escaping @Sendable (CommandFailure) -> Void) {
        var saved = termios()
        terminal = isatty(STDIN_FILENO) == 1 && tcgetattr(STDIN_FILENO, &saved) == 0 ? saved : nil
        self.finish = finish
    }

    /// The run's link, closed by an end from outside.
    func opened(_ transport: any ProvTransport) {
        lock.withLock { self.transport = transport }
    }

    /// Called when the run finished by itself: false when an end from outside came first (it is
    /// printing the outcome and exiting, so the run must print nothing).
    func claimNormalEnd() -> Bool {
        first.claim()
    }

    /// Ends the process with `failure` unless something else ended (or is ending) it first.
    func end(_ failure: CommandFailure) {
        guard first.claim() else { return }
        if var state = terminal {
            tcsetattr(STDIN_FILENO, TCSANOW, &state)
        }
        closeTransport()
        finish(failure)
        StandardStream.error.write("\nerror: \(failure)\n")
        exit(failure.status.rawValue)
    }

    /// Closes the link from this (non-async) caller, waiting at most `closeLimit`.
    private func closeTransport() {
        guard let transport = lock.withLock({ self.transport }) else { return }
        _ = BlockingCall.run(within: Self.closeLimit) { await transport.close() }
    }
}
