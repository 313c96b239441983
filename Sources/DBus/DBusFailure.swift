/// Why a D-Bus operation failed.
///
/// Error replies keep the remote error name (`org.bluez.Error.NotReady`, …) so callers can turn
/// each into advice a user can act on.
public enum DBusFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The peer (or the bus daemon) answered with an error reply.
    case error(name: String, message: String)
    /// No reply arrived before the deadline.
    case timedOut(String)
    /// The connection to the bus is closed (by us, the daemon, or a broken socket).
    case disconnected
    /// The bus could not be reached or refused us.
    case connectionFailed(String)
    /// A value, name or path cannot be put on the wire (bad UTF-8/NUL, invalid path or signature, …).
    case invalidValue(String)
    /// A received value did not have the type the caller expected.
    case unexpectedType(expected: String, actual: String)
    /// A well-known bus name could not be acquired because another connection owns it.
    case nameUnavailable(String)
    /// libdbus (`library`, normally libdbus-1.so.3) could not be opened: it is not installed.
    case libraryNotFound(library: String, reason: String)
    /// libdbus opened but cannot be used (a function is missing: far too old, or not libdbus).
    case libraryUnusable(library: String, reason: String)

    /// The D-Bus error name, for error replies and timeouts (libdbus reports those as `NoReply`).
    public var name: String? {
        switch self {
        case .error(let name, _): return name
        case .timedOut: return DBusErrorName.noReply
        default: return nil
        }
    }

    /// Readable on its own because CLI messages embed it after "BLE: ".
    public var description: String {
        switch self {
        case .error(let name, let message): return message.isEmpty ? name : "\(name): \(message)"
        case .timedOut(let what): return "no reply to \(what) in time"
        case .disconnected: return "D-Bus connection closed"
        case .connectionFailed(let why): return "cannot connect to D-Bus: \(why)"
        case .invalidValue(let why): return "invalid D-Bus value: \(why)"
        case .unexpectedType(let expected, let actual):
            return "unexpected D-Bus type: expected \(expected), got \(actual)"
        case .nameUnavailable(let name): return "D-Bus name \(name) is owned by another connection"
        case .libraryNotFound(let library, let reason): return "\(library) not found: install libdbus-1-3 (\(reason))"
        case .libraryUnusable(let library, let reason): return "\(library) cannot be used (\(reason)): install libdbus-1-3"
        }
    }
}

/// Error names the rest of the project reacts to.
public enum DBusErrorName {
    /// The peer is not on the bus at all: for `org.bluez`, bluetoothd is not running.
    public static let serviceUnknown = "org.freedesktop.DBus.Error.ServiceUnknown"
    /// Like `serviceUnknown`, returned by the daemon's own name queries.
    public static let nameHasNoOwner = "org.freedesktop.DBus.Error.NameHasNoOwner"
    /// libdbus's name for a call that timed out; `DBusFailure.timedOut` reports it too.
    public static let noReply = "org.freedesktop.DBus.Error.NoReply"
    /// The object is gone (a BlueZ device removed mid-run): treated like a lost link.
    public static let unknownObject = "org.freedesktop.DBus.Error.UnknownObject"
    /// The object lacks the method: an older or different service than expected.
    public static let unknownMethod = "org.freedesktop.DBus.Error.UnknownMethod"
    /// As `unknownMethod`, for a whole interface.
    public static let unknownInterface = "org.freedesktop.DBus.Error.UnknownInterface"
    /// A property the object does not have; our exported objects answer it too.
    public static let unknownProperty = "org.freedesktop.DBus.Error.UnknownProperty"
    /// Our own exported objects answer malformed calls with it, as the spec asks.
    public static let invalidArgs = "org.freedesktop.DBus.Error.InvalidArgs"
    /// A `Properties.Set` of a property the object does not let others change.
    public static let propertyReadOnly = "org.freedesktop.DBus.Error.PropertyReadOnly"
    /// Bus policy refused us: the fix is a group or root, which the message must say.
    public static let accessDenied = "org.freedesktop.DBus.Error.AccessDenied"
    /// The generic error our exported objects use when nothing more precise fits.
    public static let failed = "org.freedesktop.DBus.Error.Failed"
}
