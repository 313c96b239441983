#if canImport(Glibc)
import Glibc
#endif

/// What can go wrong talking to a wpa_supplicant/hostapd control socket, with the facts a CLI
/// needs to say what to do (which socket, which command). Replies are never embedded whole: a
/// daemon's answer may hold secrets, so only the command's first word is ever named.
public enum WpaCtrlError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing listens at `socket` (ENOENT, ECONNREFUSED, not a socket): the daemon is not running
    /// on that interface, or was started without `ctrl_interface`.
    case daemonUnreachable(socket: String, errno: Int32)
    /// The socket exists but this user may not use it (EACCES/EPERM): run as root or join its group.
    case permissionDenied(socket: String)
    /// The daemon answered `FAIL` or `FAIL-<reason>`.
    case commandFailed(command: String, reason: String?)
    /// The daemon answered `UNKNOWN COMMAND`: its build lacks the feature.
    case unknownCommand(command: String)
    /// The daemon answered something the caller cannot use (e.g. not a number where an id belongs).
    case unexpectedReply(command: String, reply: String)
    /// No reply before the deadline.
    case timedOut(command: String, after: Duration)
    /// A reply larger than any daemon sends (a hostile or broken peer).
    case replyTooLarge(command: String, bytes: Int)
    /// A socket path longer than `sun_path` allows.
    case pathTooLong(String)
    /// Any other system call failure, named by its operation.
    case system(operation: String, errno: Int32)

    /// What failed and what to do (permissions, daemon not running, unsupported command).
    public var description: String {
        switch self {
        case .daemonUnreachable(let socket, let code):
            return "no daemon listens on \(socket) (\(Self.text(code))): is wpa_supplicant/hostapd running on that interface, with ctrl_interface set?"
        case .permissionDenied(let socket):
            return "permission denied on \(socket): run as root or join the daemon's ctrl_interface group"
        case .commandFailed(let command, let reason):
            return "the daemon refused \(command)" + (reason.map { " (FAIL-\($0))" } ?? " (FAIL)")
        case .unknownCommand(let command):
            return "the daemon does not know \(command): its build lacks this feature"
        case .unexpectedReply(let command, let reply):
            return "unexpected reply to \(command): \(reply)"
        case .timedOut(let command, let after):
            return "no reply to \(command) within \(after)"
        case .replyTooLarge(let command, let bytes):
            return "reply to \(command) is \(bytes) bytes, more than any daemon sends"
        case .pathTooLong(let path):
            return "socket path too long for a UNIX socket: \(path)"
        case .system(let operation, let code):
            return "\(operation) failed: \(Self.text(code))"
        }
    }

    static func text(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Classifies a `connect`/`send` errno the way users need it: absent daemon vs. permissions.
    static func connecting(_ socket: String, errno code: Int32) -> WpaCtrlError {
        switch code {
        case EACCES, EPERM: return .permissionDenied(socket: socket)
        case ENOENT, ECONNREFUSED, ENOTSOCK, ENOTDIR, EPROTOTYPE: return .daemonUnreachable(socket: socket, errno: code)
        default: return .system(operation: "connect \(socket)", errno: code)
        }
    }
}
