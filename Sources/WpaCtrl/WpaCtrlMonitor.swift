/// The attached side of a control socket: `ATTACH`ed once, then a stream of events read with a
/// deadline. On a global socket only events of the endpoint's interface (and untagged global
/// ones) are delivered. `close()` sends `DETACH` first, so the daemon stops sending to a dead
/// address (it drops listeners that keep failing, but only after a while).
/// `@unchecked Sendable`: one owner at a time, like its `DatagramSocket`; `attached` is never touched by two threads at once.
public final class WpaCtrlMonitor: @unchecked Sendable {
    /// Which daemon socket the events come from.
    public let endpoint: ControlEndpoint
    private let socket: DatagramSocket
    private var attached = false

    /// Connects and attaches; throws like `WpaCtrlClient.init`, or if `ATTACH` is refused.
    public init(
        endpoint: ControlEndpoint, clientDirectory: String = "/tmp", cleanup: CleanupRegistry? = nil,
        timeout: Duration = WpaCtrlClient.defaultTimeout
    ) throws {
        self.endpoint = endpoint
        socket = try DatagramSocket(serverPath: endpoint.socketPath, clientDirectory: clientDirectory, cleanup: cleanup)
        do {
            // ATTACH/DETACH belong to the socket, not an interface: never `IFNAME=`-prefixed (a
            // global socket answers UNKNOWN COMMAND to that), and a global socket then tags events.
            let reply = try socket.exchange("ATTACH", command: "ATTACH", timeout: timeout)
            let value = try WpaCtrlClient.value(of: reply, command: "ATTACH")
            guard value == "OK" else {
                throw WpaCtrlError.unexpectedReply(command: "ATTACH", reply: WpaCtrlClient.excerpt(value))
            }
            attached = true
        } catch {
            socket.close()
            throw error
        }
    }

    /// The client socket's own path (for tests and diagnostics).
    public var clientPath: String { socket.clientPath }

    /// The next event before `deadline`, or nil when the deadline passes first.
    public func next(until deadline: ContinuousClock.Instant) throws -> WpaCtrlEvent? {
        while let datagram = try socket.receive(until: deadline, command: "ATTACH") {
            guard DatagramSocket.isEvent(datagram) else { continue }
            let event = WpaCtrlEvent(parsing: String(decoding: datagram, as: UTF8.self))
            if let wanted = endpoint.globalInterface, let tagged = event.interface, tagged != wanted { continue }
            return event
        }
        return nil
    }

    /// The next event within `timeout`, or nil.
    public func next(within timeout: Duration) throws -> WpaCtrlEvent? {
        try next(until: ContinuousClock.now + timeout)
    }

    /// Detaches (bounded, best effort) and closes; safe to call twice.
    public func close() {
        if attached {
            attached = false
            _ = try? socket.exchange("DETACH", command: "DETACH", timeout: .seconds(1))
        }
        socket.close()
    }

    deinit { close() }
}
