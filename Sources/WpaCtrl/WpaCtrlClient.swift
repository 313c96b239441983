import ProvSupport
/// The request/reply side of a control socket: one command, one reply, every wait bounded. Kept
/// apart from the attached socket (`WpaCtrlMonitor`) as wpa_cli does, so replies never
/// interleave with events. Not thread-safe; one owner.
public final class WpaCtrlClient: Sendable {
    /// wpa_cli waits this long for a reply.
    public static let defaultTimeout: Duration = .seconds(10)

    /// Which daemon socket this client talks to, for messages.
    public let endpoint: ControlEndpoint
    private let socket: DatagramSocket

    /// Binds a client socket in `clientDirectory` and connects to the daemon. Throws
    /// `daemonUnreachable` or `permissionDenied` when the daemon cannot be reached.
    /// `cleanup` removes the client socket file if the process is interrupted.
    public init(endpoint: ControlEndpoint, clientDirectory: String = "/tmp", cleanup: CleanupRegistry? = nil) throws {
        self.endpoint = endpoint
        socket = try DatagramSocket(serverPath: endpoint.socketPath, clientDirectory: clientDirectory, cleanup: cleanup)
    }

    /// The client socket's own path (for tests and diagnostics).
    public var clientPath: String { socket.clientPath }

    /// `usual`, or what is left until `deadline` (a run bounded as a whole) when that is less; never
    /// zero, since the request is still worth sending.
    public static func timeout(_ usual: Duration, within deadline: ContinuousClock.Instant?) -> Duration {
        guard let deadline else { return usual }
        return max(.milliseconds(1), min(usual, deadline - .now))
    }

    /// Sends `command` and returns the raw reply text (trailing newline included, as sent).
    public func request(_ command: String, timeout: Duration = defaultTimeout) throws -> String {
        try socket.exchange(endpoint.wire(command), command: Self.verb(command), timeout: timeout)
    }

    /// Sends `command` and returns its value (one trailing newline dropped); `FAIL`, `FAIL-<REASON>`
    /// and `UNKNOWN COMMAND` become typed errors naming the command.
    public func command(_ command: String, timeout: Duration = defaultTimeout) throws -> String {
        let reply = try request(command, timeout: timeout)
        return try Self.value(of: reply, command: Self.verb(command))
    }

    /// Sends a command whose only good answer is `OK`.
    public func expectOK(_ command: String, timeout: Duration = defaultTimeout) throws {
        let value = try self.command(command, timeout: timeout)
        guard value == "OK" else {
            throw WpaCtrlError.unexpectedReply(command: Self.verb(command), reply: Self.excerpt(value))
        }
    }

    /// Sends a command whose answer is a decimal id (`DPP_BOOTSTRAP_GEN`, `DPP_CONFIGURATOR_ADD`).
    public func id(_ command: String, timeout: Duration = defaultTimeout) throws -> Int {
        let value = try self.command(command, timeout: timeout)
        guard let number = Int(value), number >= 0 else {
            throw WpaCtrlError.unexpectedReply(command: Self.verb(command), reply: Self.excerpt(value))
        }
        return number
    }

    /// `PING` → `PONG`: the daemon is alive and answering this client.
    public func ping(timeout: Duration = defaultTimeout) throws {
        let value = try command("PING", timeout: timeout)
        guard value == "PONG" else { throw WpaCtrlError.unexpectedReply(command: "PING", reply: Self.excerpt(value)) }
    }

    /// Which daemon this is, from its `STATUS`.
    public func daemonKind(timeout: Duration = defaultTimeout) throws -> DaemonKind {
        let status = try command("STATUS", timeout: timeout)
        guard let kind = DaemonKind(status: status) else {
            throw WpaCtrlError.unexpectedReply(command: "STATUS", reply: "neither wpa_supplicant's nor hostapd's STATUS")
        }
        return kind
    }

    /// Closes the socket and removes its file.
    public func close() { socket.close() }

    /// The word that names a command in errors: never its arguments, which may carry secrets.
    static func verb(_ command: String) -> String {
        String(command.prefix { $0 != " " })
    }

    static func value(of reply: String, command: String) throws -> String {
        var value = Substring(reply)
        if value.hasSuffix("\n") { value = value.dropLast() }
        if value == "FAIL" { throw WpaCtrlError.commandFailed(command: command, reason: nil) }
        if value.hasPrefix("FAIL-") { throw WpaCtrlError.commandFailed(command: command, reason: String(value.dropFirst(5))) }
        if value == "UNKNOWN COMMAND" { throw WpaCtrlError.unknownCommand(command: command) }
        return String(value)
    }

    /// A short printable excerpt of a reply, for error messages about replies of no secret value.
    static func excerpt(_ reply: String) -> String {
        let printable = printableDeviceText(String(reply.prefix(60)))
        return reply.count > 60 ? printable + "…" : printable
    }
}
