/// One D-Bus value of any type, as it travels in a message body.
///
/// Arrays and dictionaries carry their element signature so that empty containers still marshal
/// with the right type. Byte arrays (`ay`) have their own case because they are by far the most
/// common payload here (GATT values) and libdbus moves them as one block. Unmarshalling always
/// produces `.bytes` for `ay`; `.array(elementSignature: "y", …)` is accepted when marshalling.
public indirect enum DBusValue: Hashable, Sendable {
    /// `y`.
    case byte(UInt8)
    /// `b`.
    case boolean(Bool)
    /// `n`.
    case int16(Int16)
    /// `q` (BlueZ MTU and manufacturer ids).
    case uint16(UInt16)
    /// `i`.
    case int32(Int32)
    /// `u`.
    case uint32(UInt32)
    /// `x`.
    case int64(Int64)
    /// `t`.
    case uint64(UInt64)
    /// `d`.
    case double(Double)
    /// `s`: must be valid UTF-8 without NUL, checked before marshalling.
    case string(String)
    /// `o`: separate from `string` because the bus checks path syntax.
    case objectPath(String)
    /// `g`.
    case signature(String)
    /// `v`: what property values travel in.
    case variant(DBusValue)
    /// `ay` as one block (GATT values), see the type's comment.
    case bytes([UInt8])
    /// `a<element>`; the signature keeps empty arrays typed.
    case array(elementSignature: String, [DBusValue])
    /// `a{kv}`; entries in wire order, signatures for the empty case.
    case dictionary(keySignature: String, valueSignature: String, [DBusDictEntry])
    /// `(…)`.
    case structure([DBusValue])

    /// The D-Bus type signature of this value (one complete type).
    public var signature: String {
        switch self {
        case .byte: return "y"
        case .boolean: return "b"
        case .int16: return "n"
        case .uint16: return "q"
        case .int32: return "i"
        case .uint32: return "u"
        case .int64: return "x"
        case .uint64: return "t"
        case .double: return "d"
        case .string: return "s"
        case .objectPath: return "o"
        case .signature: return "g"
        case .variant: return "v"
        case .bytes: return "ay"
        case .array(let element, _): return "a" + element
        case .dictionary(let key, let value, _): return "a{" + key + value + "}"
        case .structure(let fields): return "(" + fields.map(\.signature).joined() + ")"
        }
    }
}

/// One key/value pair of a D-Bus dictionary (`a{kv}`), kept in wire order.
public struct DBusDictEntry: Hashable, Sendable {
    /// Key: a basic type, as D-Bus requires.
    public var key: DBusValue
    /// Value: any type, usually a variant.
    public var value: DBusValue

    /// Memberwise, public so callers can build dictionaries for method calls.
    public init(key: DBusValue, value: DBusValue) {
        self.key = key
        self.value = value
    }
}

extension DBusValue {
    /// An `a{sv}` dictionary (the "options"/"properties" shape used all over BlueZ), keys sorted
    /// so that the wire form is deterministic.
    public static func vardict(_ values: [String: DBusValue]) -> DBusValue {
        let entries = values.keys.sorted().map { key in
            DBusDictEntry(key: .string(key), value: .variant(values[key]!))
        }
        return .dictionary(keySignature: "s", valueSignature: "v", entries)
    }

    /// An `as` array.
    public static func strings(_ values: [String]) -> DBusValue {
        .array(elementSignature: "s", values.map { .string($0) })
    }

    /// An `ao` array.
    public static func objectPaths(_ values: [String]) -> DBusValue {
        .array(elementSignature: "o", values.map { .objectPath($0) })
    }
}
