import Foundation
import WpaCtrl

/// One wpa_supplicant or hostapd seen as a DPP peer: a request socket and an attached event
/// socket, the daemon kind, and an undo list. Everything this run adds to the daemon (bootstrap
/// ids, configurators, listen/controller state) is undone by `finish()` or, if the process is
/// interrupted, by the caller's `CleanupRegistry`, each undo over a fresh socket so it never
/// interleaves with a request in flight.
/// `@unchecked Sendable`: one owner at a time (the run's task, then `finish()`); `undoTokens` is never touched by two threads at once.
public final class DPPDaemon: @unchecked Sendable {
    /// What `-v` may show: commands with secret arguments masked, events with secret ones masked.
    public enum Trace: Sendable {
        /// A request as sent, secret arguments masked.
        case sent(String)
        /// An event as received, secret values masked.
        case event(String)
    }

    /// The control socket this daemon was opened on, for messages.
    public let endpoint: ControlEndpoint
    /// hostapd or wpa_supplicant, detected from its `STATUS`: the two differ in which DPP commands they take.
    public let kind: DaemonKind
    /// `DPP=<n>` of `GET_CAPABILITY dpp`, nil when the daemon does not say (hostapd).
    public let dppVersion: Int?
    /// Each request's own bound, before `runDeadline` shortens it.
    let usualTimeout: Duration
    /// The end of the whole run when `--timeout` bounds it (connecting, requests, undo included).
    let runDeadline: ContinuousClock.Instant?
    /// A request's bound now: the usual one, or what is left of the run.
    var requestTimeout: Duration { WpaCtrlClient.timeout(usualTimeout, within: runDeadline) }
    let clientDirectory: String
    private let client: WpaCtrlClient
    private let monitor: WpaCtrlMonitor
    private let cleanup: CleanupRegistry
    private let trace: @Sendable (Trace) -> Void
    private var undoTokens: [CleanupRegistry.Token] = []

    /// Arguments whose values are secrets, masked in traces.
    static let secretArguments = ["pass=", "psk=", "key="]

    /// Connects (request + attached socket), detects the daemon kind and checks it has DPP.
    public init(
        endpoint: ControlEndpoint, cleanup: CleanupRegistry, clientDirectory: String = "/tmp",
        requestTimeout: Duration = WpaCtrlClient.defaultTimeout, runDeadline: ContinuousClock.Instant? = nil,
        trace: @escaping @Sendable (Trace) -> Void = { _ in }
    ) throws {
        self.endpoint = endpoint
        self.cleanup = cleanup
        self.trace = trace
        usualTimeout = requestTimeout
        self.runDeadline = runDeadline
        self.clientDirectory = clientDirectory
        let bounded = { WpaCtrlClient.timeout(requestTimeout, within: runDeadline) }
        client = try WpaCtrlClient(endpoint: endpoint, clientDirectory: clientDirectory, cleanup: cleanup)
        do {
            monitor = try WpaCtrlMonitor(endpoint: endpoint, clientDirectory: clientDirectory, cleanup: cleanup, timeout: bounded())
        } catch {
            client.close()
            throw error
        }
        do {
            kind = try client.daemonKind(timeout: bounded())
            dppVersion = try Self.dppCapability(client, kind: kind, timeout: bounded())
        } catch {
            monitor.close()
            client.close()
            throw error
        }
    }

    /// wpa_supplicant answers `GET_CAPABILITY dpp` with `DPP=<version>`; hostapd has no such
    /// command, so a harmless DPP query tells whether the DPP commands exist at all.
    private static func dppCapability(_ client: WpaCtrlClient, kind: DaemonKind, timeout: Duration) throws -> Int? {
        do {
            let value = try client.command("GET_CAPABILITY dpp", timeout: timeout)
            guard value.hasPrefix("DPP="), let version = Int(value.dropFirst(4)) else { throw DPPFailure.unsupported(kind) }
            return version
        } catch WpaCtrlError.commandFailed {
            throw DPPFailure.unsupported(kind)
        } catch WpaCtrlError.unknownCommand {
            do {
                _ = try client.command("DPP_BOOTSTRAP_INFO 0", timeout: timeout)
            } catch WpaCtrlError.unknownCommand {
                throw DPPFailure.unsupported(kind)
            } catch WpaCtrlError.commandFailed {
                // No bootstrap 0, but the command exists: DPP is there.
            }
            return nil
        }
    }

    /// Sends a command and returns its value (typed errors for FAIL/UNKNOWN COMMAND).
    @discardableResult
    public func command(_ text: String) throws -> String {
        trace(.sent(Self.masked(text)))
        return try client.command(text, timeout: requestTimeout)
    }

    /// Sends a command whose reply is an id.
    public func id(_ text: String) throws -> Int {
        trace(.sent(Self.masked(text)))
        return try client.id(text, timeout: requestTimeout)
    }

    /// Sends a command that must answer OK.
    public func expectOK(_ text: String) throws {
        trace(.sent(Self.masked(text)))
        try client.expectOK(text, timeout: requestTimeout)
    }

    /// Registers `command` to be sent when the run ends, however it ends.
    public func undo(_ command: String) {
        let endpoint = endpoint
        let (usual, runDeadline) = (usualTimeout, self.runDeadline)
        let trace = trace
        let directory = clientDirectory
        undoTokens.append(cleanup.add {
            trace(.sent(command))
            guard let client = try? WpaCtrlClient(endpoint: endpoint, clientDirectory: directory) else { return }
            // Within what is left of a bounded run, but at least half a second: the undo is sent
            // either way, and a live daemon answers at once.
            _ = try? client.request(command, timeout: max(WpaCtrlClient.timeout(usual, within: runDeadline), .milliseconds(500)))
            client.close()
        })
    }

    /// The next event before `deadline` (nil at the deadline), traced with secrets masked.
    public func nextEvent(until deadline: ContinuousClock.Instant) throws -> WpaCtrlEvent? {
        guard let event = try monitor.next(until: deadline) else { return nil }
        trace(.event(event.displayText))
        return event
    }

    /// Runs the undo list now (newest first), then detaches and closes both sockets.
    public func finish() {
        for token in undoTokens.reversed() { cleanup.run(token) }
        undoTokens.removeAll()
        monitor.close()
        client.close()
    }

    /// `text` with the values of secret arguments replaced.
    static func masked(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            for prefix in secretArguments where word.hasPrefix(prefix) { return prefix + "<redacted>" }
            return String(word)
        }.joined(separator: " ")
    }
}
