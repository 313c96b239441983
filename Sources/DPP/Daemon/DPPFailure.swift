import WpaCtrl

/// Why a DPP exchange did not end with a configuration, told from the daemon's event stream,
/// with what the user should check. The CLI maps each case to its exit code.
public enum DPPFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The daemon's build has no DPP (`GET_CAPABILITY dpp` or the DPP commands are unknown).
    case unsupported(DaemonKind)
    /// The daemon refused a URI the parser accepted (e.g. a curve its build lacks).
    case uriRefused
    /// `DPP_AUTH_INIT` itself answered FAIL: nothing to send on (no radio interface) or a bad address.
    case authenticationNotStarted(tcp: String?)
    /// Nothing accepts TCP connections at the enrollee's address and port (`ECONNREFUSED` before
    /// `DPP_AUTH_INIT`), or the host cannot be reached at all (`reason` is the kernel's).
    case controllerNotReachable(tcp: String, refused: Bool, reason: String)
    /// `DPP_CONTROLLER_START` answered FAIL: the daemon already runs a controller (it runs one at
    /// most; an earlier run killed with SIGKILL leaves it) or another program holds the port.
    case controllerNotStarted(port: Int)
    /// Every authentication request went unacknowledged over the air.
    case noAcknowledgement(tries: Int, frequencies: [Int], destination: String?, uri: DPPURI?)
    /// The peer answered but its capabilities do not match ours (`DPP-NOT-COMPATIBLE`).
    case notCompatible(String)
    /// Authentication failed after the peer answered (`DPP-AUTH-INIT-FAILED`, `DPP-FAIL`).
    case authenticationFailed(String)
    /// Authenticated, then the configuration step failed or was refused (`DPP-CONF-FAILED`).
    case configurationFailed(String)
    /// A DPP controller accepted the TCP connection, then never answered authentication: the
    /// URI is almost certainly not its current one.
    case ignoredByController(tcp: String, waited: Duration)
    /// Not a single DPP event before the deadline.
    case silence(waited: Duration, role: Role, tcp: String?)
    /// Started, then stopped before the end (the last stage reached is named).
    case stalled(stage: String, waited: Duration)

    /// Which side this process was, for messages about the other one.
    public enum Role: String, Sendable {
        /// `dpp configure`/`sign`: this process hands out the configuration.
        case configurator
        /// `dpp enroll`: this process receives it.
        case enrollee
    }

    /// What failed and what to try, naming the peer's channels and MAC where known.
    public var description: String {
        switch self {
        case .unsupported(let kind):
            return "\(kind.rawValue) on this socket was built without DPP (GET_CAPABILITY dpp): install a build with CONFIG_DPP"
        case .uriRefused:
            return "the daemon refused the DPP URI although it is well formed: its build may lack the key's curve"
        case .authenticationNotStarted(let tcp):
            if let tcp { return "the daemon refused to start DPP authentication towards \(tcp) (DPP_AUTH_INIT FAIL): is that an IP address this host can reach?" }
            return "the daemon refused to start DPP authentication over the air (DPP_AUTH_INIT FAIL): does this interface have a radio? DPP over TCP needs none, only the enrollee's IP address"
        case .controllerNotReachable(let tcp, let refused, let reason):
            if refused {
                return "nothing listens for DPP at \(tcp) (connection refused): the enrollee is not running a DPP controller there; "
                    + "start it (esp-prov dpp enroll --tcp_port PORT, or DPP_CONTROLLER_START) and check the address and port"
            }
            return "cannot reach \(tcp) (\(reason)): check the enrollee's IP address and that this host has a route to it"
        case .controllerNotStarted(let port):
            return "the daemon refused DPP_CONTROLLER_START on TCP port \(port): a DPP controller may still be running in the daemon "
                + "(an earlier enroll was killed before it could stop it) or another program holds the port; "
                + "run again with --restart_controller to stop the daemon's controller first, or pick another --tcp_port"
        case .noAcknowledgement(let tries, let frequencies, let destination, let uri):
            let frequencyText = Set(frequencies).sorted().map { "\($0) MHz" }.joined(separator: ", ")
            var text = "no answer over the air: all \(tries) authentication requests went unacknowledged (no-ACK)"
            text += frequencyText.isEmpty ? "" : " on \(frequencyText)"
            text += destination.map { " to \($0)" } ?? ""
            text += ". The enrollee is not listening there"
            if let uri {
                if !uri.channels.isEmpty {
                    text += "; its URI says it listens on channel \(uri.channels.map(\.spoken).joined(separator: ", "))"
                }
                if let mac = uri.macText { text += " with MAC \(mac)" }
            }
            return text + ": put it in listen mode on that channel (it listens only for a few seconds at a time), close enough, and check the URI is its current one"
        case .notCompatible(let detail):
            return "the peer is not compatible (DPP-NOT-COMPATIBLE \(detail)): roles or capabilities do not match (a configurator must talk to an enrollee)"
        case .authenticationFailed(let detail):
            return "DPP authentication failed (\(detail)): the peer answered but rejected us; is the URI current (a re-flashed device has a new key)?"
        case .configurationFailed(let detail):
            return "the configuration was refused or failed after authentication (\(detail)): check the configuration offered matches what the device supports"
        case .ignoredByController(let tcp, let waited):
            return "a DPP controller listens at \(tcp) but did not answer authentication within \(waited.wholeSeconds) s: "
                + "the URI is probably not its current one (a re-flashed device or a new bootstrap key); read its QR code again"
        case .silence(let waited, let role, let tcp):
            switch role {
            case .configurator:
                let place = tcp.map { " at \($0) over TCP" } ?? ""
                return "the enrollee never answered\(place) within \(waited.wholeSeconds) s; is it listening, is the URI current?"
            case .enrollee:
                return "no configurator reached this enrollee within \(waited.wholeSeconds) s; did it scan the current URI?"
            }
        case .stalled(let stage, let waited):
            return "the exchange stopped after \(stage) and did not finish within \(waited.wholeSeconds) s"
        }
    }
}

extension Duration {
    /// Whole seconds, for messages.
    var wholeSeconds: Int64 { components.seconds }
}
