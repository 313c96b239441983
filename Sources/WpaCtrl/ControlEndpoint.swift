/// Where commands go: a per-interface socket (`/run/wpa_supplicant/wlan0`), or wpa_supplicant's
/// global socket (`-g`) with the interface the commands are meant for (sent as `IFNAME=<if> `).
public struct ControlEndpoint: Sendable, Equatable, CustomStringConvertible {
    /// The daemon's socket file.
    public var socketPath: String
    /// Set for a global socket: every command is prefixed with `IFNAME=<interface> `, and only
    /// events tagged with that interface are delivered.
    public var globalInterface: String?

    /// `globalInterface` for a global socket, whose commands need an `IFNAME=` prefix.
    public init(socketPath: String, globalInterface: String? = nil) {
        self.socketPath = socketPath
        self.globalInterface = globalInterface
    }

    /// The datagram text for `command` on this endpoint.
    func wire(_ command: String) -> String {
        guard let globalInterface else { return command }
        return "IFNAME=\(globalInterface) \(command)"
    }

    /// The socket path (and interface), as messages name the daemon.
    public var description: String {
        globalInterface.map { "\(socketPath) (IFNAME=\($0))" } ?? socketPath
    }
}
