import Foundation
import WpaCtrl

/// One wpa_supplicant or hostapd seen as a DPP peer, on a control-socket session (`WpaCtrlSession`,
/// handed in: request and attached sockets, the run's bound and its undo list). Everything this run
/// adds to the daemon (bootstrap ids, configurators, listen/controller state) goes on the session's
/// undo list, sent by `finish()` or, if the process is interrupted, by the session's `CleanupRegistry`.
public final class DPPDaemon: Sendable {
    /// What `-v` may show: commands with secret arguments masked, events with secret ones masked.
    public enum Trace: Sendable {
        /// A request as sent, secret arguments masked.
        case sent(String)
        /// An event as received, secret values masked.
        case event(String)
    }

    /// hostapd or wpa_supplicant, detected from its `STATUS`: the two differ in which DPP commands they take.
    public let kind: DaemonKind
    /// `DPP=<n>` of `GET_CAPABILITY dpp`, nil when the daemon does not say (hostapd).
    public let dppVersion: Int?
    /// Each request's own bound, before the run's bound shortens it.
    let usualTimeout: Duration
    /// A request's bound now: the usual one, or what is left of the run.
    var requestTimeout: Duration { session.bounded(usualTimeout) }
    private let session: WpaCtrlSession
    private let trace: @Sendable (Trace) -> Void

    /// Arguments whose values are secrets, masked in traces.
    static let secretArguments = ["pass=", "psk=", "key="]

    /// Detects the daemon kind on `session` and checks it has DPP.
    public init(
        session: WpaCtrlSession, requestTimeout: Duration = WpaCtrlClient.defaultTimeout,
        trace: @escaping @Sendable (Trace) -> Void = { _ in }
    ) throws {
        self.session = session
        self.trace = trace
        usualTimeout = requestTimeout
        kind = try session.client.daemonKind(timeout: session.bounded(requestTimeout))
        dppVersion = try Self.dppCapability(session.client, kind: kind, timeout: session.bounded(requestTimeout))
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
        return try session.client.command(text, timeout: requestTimeout)
    }

    /// Sends a command whose reply is an id.
    public func id(_ text: String) throws -> Int {
        trace(.sent(Self.masked(text)))
        return try session.client.id(text, timeout: requestTimeout)
    }

    /// Sends a command that must answer OK.
    public func expectOK(_ text: String) throws {
        trace(.sent(Self.masked(text)))
        try session.client.expectOK(text, timeout: requestTimeout)
    }

    /// Registers `command` to be sent when the run ends, however it ends.
    public func undo(_ command: String) {
        let trace = trace
        session.undo(command, timeout: usualTimeout) { trace(.sent(command)) }
    }

    /// The next event before `deadline` (nil at the deadline), traced with secrets masked.
    public func nextEvent(until deadline: ContinuousClock.Instant) throws -> WpaCtrlEvent? {
        guard let event = try session.monitor.next(until: deadline) else { return nil }
        trace(.event(event.displayText))
        return event
    }

    /// Runs the undo list now (newest first), then detaches and closes both sockets.
    public func finish() {
        session.close()
    }

    /// `text` with the values of secret arguments replaced.
    static func masked(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            for prefix in secretArguments where word.hasPrefix(prefix) { return prefix + "<redacted>" }
            return String(word)
        }.joined(separator: " ")
    }
}
