/// One run against a hostapd or wpa_supplicant control socket, the shape `dpp`, `wps` and `wps er`
/// share: a request socket and an `ATTACH`ed one for events, opened together; the run's bound; and
/// an undo list of commands that take back what the run asked the daemon to start (bootstrap ids,
/// configurators, a listen, `WPS_ER_STOP`). The undo commands sit in `cleanup`, so an interrupt
/// (`SignalCleanup`, which runs the registry before the process exits) sends them too, each over a
/// fresh socket so it never interleaves with a request the run has in flight. `close()` sends the
/// undo list, newest first, then detaches and closes both sockets. Not thread-safe: one owner.
/// `@unchecked Sendable`: one owner at a time (the run's task); `undoTokens`, its only `var`, is touched by that owner alone (an interrupt goes through the locked `cleanup`).
public final class WpaCtrlSession: @unchecked Sendable {
    /// The daemon socket (and interface) the run talks to.
    public let endpoint: ControlEndpoint
    /// Where the client sockets are bound (`wpa_ctrl_<pid>-<n>`).
    public let clientDirectory: String
    /// The run's undo actions: client socket files and the undo commands, run on an interrupt too.
    public let cleanup: CleanupRegistry
    /// The end of the whole run when `--timeout` bounds it; nil: only each request is bounded.
    public let runDeadline: ContinuousClock.Instant?
    /// Requests and replies.
    public let client: WpaCtrlClient
    /// The attached socket's events.
    public let monitor: WpaCtrlMonitor
    private var undoTokens: [CleanupRegistry.Token] = []

    /// Connects the request socket, then the attached one (`ATTACH` bounded by the run); throws
    /// like `WpaCtrlClient.init` and `WpaCtrlMonitor.init`, leaving no socket behind.
    public init(
        endpoint: ControlEndpoint, clientDirectory: String = "/tmp", cleanup: CleanupRegistry = CleanupRegistry(),
        runDeadline: ContinuousClock.Instant? = nil
    ) throws {
        self.endpoint = endpoint
        self.clientDirectory = clientDirectory
        self.cleanup = cleanup
        self.runDeadline = runDeadline
        client = try WpaCtrlClient(endpoint: endpoint, clientDirectory: clientDirectory, cleanup: cleanup)
        do {
            monitor = try WpaCtrlMonitor(endpoint: endpoint, clientDirectory: clientDirectory, cleanup: cleanup,
                                         timeout: WpaCtrlClient.timeout(WpaCtrlClient.defaultTimeout, within: runDeadline))
        } catch {
            client.close()
            throw error
        }
    }

    /// `usual`, or what is left of a bounded run when that is less.
    public func bounded(_ usual: Duration = WpaCtrlClient.defaultTimeout) -> Duration {
        WpaCtrlClient.timeout(usual, within: runDeadline)
    }

    /// Registers `command` to be sent when the run ends, however it ends (normal end, error,
    /// interrupt), over a fresh socket, within `timeout` or what is left of a bounded run but at
    /// least half a second (the undo is sent either way, and a live daemon answers at once).
    /// `sending` runs just before (a `-v` trace).
    @discardableResult
    public func undo(
        _ command: String, timeout: Duration = WpaCtrlClient.defaultTimeout, sending: @escaping @Sendable () -> Void = {}
    ) -> CleanupRegistry.Token {
        let (endpoint, directory, runDeadline) = (endpoint, clientDirectory, runDeadline)
        let token = cleanup.add {
            sending()
            guard let client = try? WpaCtrlClient(endpoint: endpoint, clientDirectory: directory) else { return }
            _ = try? client.request(command, timeout: max(WpaCtrlClient.timeout(timeout, within: runDeadline), .milliseconds(500)))
            client.close()
        }
        undoTokens.append(token)
        return token
    }

    /// Sends one registered undo now (the normal path ending what it started) and forgets it.
    public func undoNow(_ token: CleanupRegistry.Token) {
        undoTokens.removeAll { $0 == token }
        cleanup.run(token)
    }

    /// Sends the undo list (newest first), then detaches and closes both sockets; safe to call twice.
    public func close() {
        for token in undoTokens.reversed() { cleanup.run(token) }
        undoTokens.removeAll()
        monitor.close()
        client.close()
    }
}
