internal import CDBus
import Foundation

/// Decoding of a whole D-Bus message as it travels on the wire (header and body, marshalled).
///
/// Everything from the bus is untrusted, so the decoders behind `DBusConnection` must survive any
/// bytes; this entry point lets a fuzzer feed them bytes directly: libdbus validates the message
/// (`dbus_message_demarshal`), then the same reader the connection uses turns the body into values.
public enum DBusMessageBytes {
    /// The body values of the marshalled message `bytes`; libdbus is opened as for a connection
    /// (`DBusFailure.libraryNotFound` without it).
    public static func bodyValues(
        _ bytes: [UInt8], environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> [DBusValue] {
        let lib = try LibDBus.open(environment: environment)
        var error = DBusError()
        lib.dbus_error_init(&error)
        defer { lib.dbus_error_free(&error) }
        let message = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    lib.dbus_message_demarshal($0, Int32(clamping: buffer.count), &error)
                }
            }
        }
        guard let message else {
            let reason = error.message.map { String(cString: $0) } ?? "not a D-Bus message"
            throw DBusFailure.invalidValue(reason)
        }
        defer { lib.dbus_message_unref(message) }
        return try DBusWire(lib: lib).read(message)
    }
}
