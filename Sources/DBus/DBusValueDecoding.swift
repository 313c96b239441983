/// Typed reads of received values. Each throws `DBusFailure.unexpectedType` instead of trapping,
/// because everything that arrives from the bus is untrusted input.
///
/// Variants are looked through automatically (`.variant(.string("x")).string()` is `"x"`), since
/// properties always arrive wrapped and callers care about the inner type.
extension DBusValue {
    /// The value with any variant wrappers removed.
    public var unwrapped: DBusValue {
        var value = self
        while case .variant(let inner) = value { value = inner }
        return value
    }

    private func mismatch(_ expected: String) -> DBusFailure {
        .unexpectedType(expected: expected, actual: unwrapped.signature)
    }

    /// Decoders like these turn a type mismatch from a misbehaving peer into a thrown error, never a crash.
    public func string() throws -> String {
        guard case .string(let value) = unwrapped else { throw mismatch("s") }
        return value
    }

    /// The value as an object path (`o`), through variants.
    public func objectPath() throws -> String {
        guard case .objectPath(let value) = unwrapped else { throw mismatch("o") }
        return value
    }

    /// The value as a boolean (`b`), through variants.
    public func bool() throws -> Bool {
        guard case .boolean(let value) = unwrapped else { throw mismatch("b") }
        return value
    }

    /// The value as a byte (`y`), through variants.
    public func byte() throws -> UInt8 {
        guard case .byte(let value) = unwrapped else { throw mismatch("y") }
        return value
    }

    /// The value as `n`, through variants.
    public func int16() throws -> Int16 {
        guard case .int16(let value) = unwrapped else { throw mismatch("n") }
        return value
    }

    /// The value as `q` (BlueZ's MTU), through variants.
    public func uint16() throws -> UInt16 {
        guard case .uint16(let value) = unwrapped else { throw mismatch("q") }
        return value
    }

    /// The value as `i`, through variants.
    public func int32() throws -> Int32 {
        guard case .int32(let value) = unwrapped else { throw mismatch("i") }
        return value
    }

    /// The value as `u`, through variants.
    public func uint32() throws -> UInt32 {
        guard case .uint32(let value) = unwrapped else { throw mismatch("u") }
        return value
    }

    /// An `ay` value (also accepts an array of `.byte`).
    public func bytes() throws -> [UInt8] {
        switch unwrapped {
        case .bytes(let value): return value
        case .array("y", let items): return try items.map { try $0.byte() }
        default: throw mismatch("ay")
        }
    }

    /// The elements of any array (not dictionaries).
    public func array() throws -> [DBusValue] {
        switch unwrapped {
        case .array(_, let items): return items
        case .bytes(let bytes): return bytes.map { .byte($0) }
        default: throw mismatch("a*")
        }
    }

    /// An `as` value.
    public func stringArray() throws -> [String] {
        try array().map { try $0.string() }
    }

    /// An `ao` value.
    public func objectPathArray() throws -> [String] {
        try array().map { try $0.objectPath() }
    }

    /// The fields of a struct.
    public func structure() throws -> [DBusValue] {
        guard case .structure(let fields) = unwrapped else { throw mismatch("(...)") }
        return fields
    }

    /// The entries of any dictionary, in wire order.
    public func dictionaryEntries() throws -> [DBusDictEntry] {
        guard case .dictionary(_, _, let entries) = unwrapped else { throw mismatch("a{..}") }
        return entries
    }

    /// A dictionary converted with the given key and value readers (later duplicates win).
    public func dictionary<Key: Hashable, Value>(
        key readKey: (DBusValue) throws -> Key,
        value readValue: (DBusValue) throws -> Value
    ) throws -> [Key: Value] {
        var result: [Key: Value] = [:]
        for entry in try dictionaryEntries() {
            result[try readKey(entry.key)] = try readValue(entry.value)
        }
        return result
    }

    /// An `a{sv}` dictionary with the variants unwrapped.
    public func vardict() throws -> [String: DBusValue] {
        try dictionary(key: { try $0.string() }, value: { $0.unwrapped })
    }
}

extension Array where Element == DBusValue {
    /// The argument at `index`, or a typed error when the reply is shorter than expected.
    public func argument(_ index: Int) throws -> DBusValue {
        guard indices.contains(index) else {
            throw DBusFailure.unexpectedType(expected: "argument \(index)", actual: "\(count) arguments")
        }
        return self[index]
    }
}
