import CDBus

/// Decoding of a whole D-Bus message as it travels on the wire (header and body, marshalled).
///
/// Everything from the bus is untrusted, so the decoders behind `DBusConnection` must survive any
/// bytes; this entry point lets a fuzzer feed them bytes directly: libdbus validates the message
/// (`dbus_message_demarshal`), then the same reader the connection uses turns the body into values.
public enum DBusMessageBytes {
    /// The body values of the marshalled message `bytes`.
    public static func bodyValues(_ bytes: [UInt8]) throws -> [DBusValue] {
        var error = DBusError()
        dbus_error_init(&error)
        defer { dbus_error_free(&error) }
        let message = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    dbus_message_demarshal($0, Int32(clamping: buffer.count), &error)
                }
            }
        }
        guard let message else {
            let reason = error.message.map { String(cString: $0) } ?? "not a D-Bus message"
            throw DBusFailure.invalidValue(reason)
        }
        defer { dbus_message_unref(message) }
        return try DBusWire.read(message)
    }
}
