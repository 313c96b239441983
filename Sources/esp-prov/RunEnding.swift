#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import ProcessSignals
import ProvClient
import ProvSupport

/// The one way a run ends from outside: a signal (Ctrl-C, SIGTERM, SIGHUP), `--deadline` or, with
/// `--end_with_stdin`, the end of stdin. The first cause wins (and a run that finishes by itself
/// meanwhile prints nothing more): the terminal is restored, every open link is closed, so a BLE
/// device is disconnected instead of being left connected in bluetoothd after we are gone (and
/// unable to advertise to the next run), the links that would not close are named, the outcome is
/// printed once, and the process exits. A single run has one link; a batch one per device in flight.
/// `@unchecked Sendable`: `links`, `opens` and `claimed` are guarded by `lock`; everything else is immutable after `init` (`FirstSignal` is Sendable).
final class RunEnding: @unchecked Sendable {
    /// How long closing the links may hold up the exit; BlueZ answers a Disconnect in milliseconds,
    /// and a link that cannot be closed in this time is named and left to the kernel.
    static let closeLimit: Duration = .seconds(2)
    /// How long a run that lost the race to an end from outside waits for that end to exit the
    /// process: the close, then a moment to print the outcome.
    static let exitLimit: Duration = closeLimit + .seconds(3)

    private let first = FirstSignal()
    private let lock = NSLock()
    private var links: [ObjectIdentifier: EndingLink] = [:]
    /// Opens in flight (a BLE connect): an end from outside cancels them and waits for them to disconnect.
    private var opens: [ObjectIdentifier: EndingOpen] = [:]
    /// The status of the end from outside that claimed the run (nil while none has).
    private var claimed: ExitStatus?
    private let terminal: termios?
    private let finish: @Sendable (CommandFailure) -> CommandFailure

    /// `finish` prints the outcome (the `result` line under `--json`, a batch's unfinished records)
    /// and returns the failure to end with; the terminal's state is saved now, so an end during a
    /// hidden prompt turns echo back on.
    init(finish: @escaping @Sendable (CommandFailure) -> CommandFailure) {
        var saved = termios()
        terminal = isatty(STDIN_FILENO) == 1 && tcgetattr(STDIN_FILENO, &saved) == 0 ? saved : nil
        self.finish = finish
    }

    /// Runs `open` (given the `EndingOpen` it is held as, for its prompts) as an open in flight the
    /// ending cancels and waits for, then holds the link it returns until it is closed (by its run,
    /// or by an end from outside); `name` and `kind` say which device it reaches, for the message
    /// when it would not close in time. Only a BLE open is waited for: it is the one a daemon
    /// (bluetoothd) carries on without us; an HTTP connect in flight ends with the process.
    func opening(
        _ name: String, kind: TransportKind, _ open: @escaping @Sendable (EndingOpen) async throws -> any ProvTransport
    ) async throws -> any ProvTransport {
        let pending = EndingOpen(name: name, kind: kind)
        let key = ObjectIdentifier(pending)
        if kind == .ble { lock.withLock { opens[key] = pending } }
        let transport: any ProvTransport
        do {
            transport = try await pending.run(open)
        } catch {
            _ = lock.withLock { opens.removeValue(forKey: key) }
            throw error
        }
        let link = EndingLink(transport, name: name) { [weak self] in self?.forget($0) }
        // In one step, so an end from outside closes the open or the link it became, not both.
        lock.withLock {
            opens.removeValue(forKey: key)
            links[ObjectIdentifier(link)] = link
        }
        return link
    }

    private func forget(_ link: EndingLink) {
        _ = lock.withLock { links.removeValue(forKey: ObjectIdentifier(link)) }
    }

    /// Called when the run finished by itself: false when an end from outside came first (it is
    /// printing the outcome and exiting, so the run must print nothing; see `exitWhenEnded`).
    func claimNormalEnd() -> Bool {
        first.claim()
    }

    /// Whether an end from outside has claimed the run (a batch then writes no more records: the end writes them).
    var endedFromOutside: Bool {
        lock.withLock { claimed != nil }
    }

    /// Ends the process with `cause` unless something else ended (or is ending) it first.
    func end(_ cause: CommandFailure) {
        guard first.claim() else { return }
        lock.withLock { claimed = cause.status }
        if var state = terminal {
            tcsetattr(STDIN_FILENO, TCSANOW, &state)
        }
        closeLinks()
        let failure = finish(cause)
        StandardStream.error.write("\nerror: \(failure)\n")
        exit(failure.status.rawValue)
    }

    /// For a run whose `claimNormalEnd()` was false: waits for the end from outside to exit the
    /// process, at most `exitLimit`. An end still running then is stuck (printing to an output
    /// nobody reads), and the process exits here with its status, without flushing what would block.
    func exitWhenEnded() async -> Never {
        let clock = ContinuousClock()
        let limit = clock.now + Self.exitLimit
        while clock.now < limit {
            try? await Task.sleep(until: limit, clock: clock)
        }
        _exit((lock.withLock { claimed } ?? .interrupted).rawValue)
    }

    /// Closes every open link at once from this (non-async) caller, waiting at most `closeLimit`,
    /// and names on stderr each that did not close in time.
    private func closeLinks() {
        let (open, opening) = lock.withLock { (Array(links.values), Array(opens.values)) }
        guard !open.isEmpty || !opening.isEmpty else { return }
        _ = BlockingCall.run(within: Self.closeLimit) {
            await withTaskGroup(of: Void.self) { group in
                for link in open { group.addTask { await link.close() } }
                for pending in opening { group.addTask { await pending.close() } }
            }
        }
        let stuck = opening.filter { !$0.undone }
        let messages = lock.withLock { links.values.map { ($0.name, $0.notClosedMessage(within: Self.closeLimit)) } }
            + stuck.map { ($0.name, $0.notClosedMessage(within: Self.closeLimit)) }
        for (_, message) in messages.sorted(by: { $0.0 < $1.0 }) {
            StandardStream.error.write("esp-prov: \(message)\n")
        }
    }
}
