internal import CDBus

/// Moves `DBusValue`s into and out of libdbus messages.
///
/// libdbus aborts the process on invalid input to its append functions (bad UTF-8, embedded NUL,
/// invalid object path or signature, mismatched container types), so everything is validated
/// here first and rejected with `DBusFailure.invalidValue`.
struct DBusWire {
    /// The opened libdbus every call goes through.
    let lib: LibDBus

    // Type codes (the C macros are casts, which Swift does not import).
    static let byte = Int32(UInt8(ascii: "y"))
    static let boolean = Int32(UInt8(ascii: "b"))
    static let int16 = Int32(UInt8(ascii: "n"))
    static let uint16 = Int32(UInt8(ascii: "q"))
    static let int32 = Int32(UInt8(ascii: "i"))
    static let uint32 = Int32(UInt8(ascii: "u"))
    static let int64 = Int32(UInt8(ascii: "x"))
    static let uint64 = Int32(UInt8(ascii: "t"))
    static let double = Int32(UInt8(ascii: "d"))
    static let string = Int32(UInt8(ascii: "s"))
    static let objectPath = Int32(UInt8(ascii: "o"))
    static let signature = Int32(UInt8(ascii: "g"))
    static let unixFD = Int32(UInt8(ascii: "h"))
    static let array = Int32(UInt8(ascii: "a"))
    static let variant = Int32(UInt8(ascii: "v"))
    static let structure = Int32(UInt8(ascii: "r"))
    static let dictEntry = Int32(UInt8(ascii: "e"))
    static let invalid = Int32(0)

    // MARK: Validation

    func isValidPath(_ path: String) -> Bool {
        !path.utf8.contains(0) && lib.dbus_validate_path(path, nil) != 0
    }

    func isValidSignature(_ signature: String) -> Bool {
        !signature.utf8.contains(0) && lib.dbus_signature_validate(signature, nil) != 0
    }

    func isValidSingleType(_ signature: String) -> Bool {
        !signature.utf8.contains(0) && lib.dbus_signature_validate_single(signature, nil) != 0
    }

    func isValidInterface(_ name: String) -> Bool {
        !name.utf8.contains(0) && lib.dbus_validate_interface(name, nil) != 0
    }

    func isValidMember(_ name: String) -> Bool {
        !name.utf8.contains(0) && lib.dbus_validate_member(name, nil) != 0
    }

    func isValidBusName(_ name: String) -> Bool {
        !name.utf8.contains(0) && lib.dbus_validate_bus_name(name, nil) != 0
    }

    func isValidErrorName(_ name: String) -> Bool {
        !name.utf8.contains(0) && lib.dbus_validate_error_name(name, nil) != 0
    }

    /// Checks a whole value tree before anything is appended.
    func validate(_ value: DBusValue) throws {
        guard isValidSingleType(value.signature) else {
            throw DBusFailure.invalidValue("signature '\(value.signature)' is not a single complete type")
        }
        try validateContents(value)
    }

    private func validateContents(_ value: DBusValue) throws {
        switch value {
        case .string(let text):
            if text.utf8.contains(0) { throw DBusFailure.invalidValue("string contains NUL") }
        case .objectPath(let path):
            if !isValidPath(path) { throw DBusFailure.invalidValue("object path '\(path)'") }
        case .signature(let signature):
            if !isValidSignature(signature) { throw DBusFailure.invalidValue("signature '\(signature)'") }
        case .variant(let inner):
            try validate(inner)
        case .array(let element, let items):
            for item in items {
                guard item.signature == element else {
                    throw DBusFailure.invalidValue("array of '\(element)' holds a '\(item.signature)'")
                }
                try validateContents(item)
            }
        case .dictionary(let keyType, let valueType, let entries):
            for entry in entries {
                guard entry.key.signature == keyType, entry.value.signature == valueType else {
                    throw DBusFailure.invalidValue(
                        "dictionary a{\(keyType)\(valueType)} holds {\(entry.key.signature)\(entry.value.signature)}")
                }
                try validateContents(entry.key)
                try validateContents(entry.value)
            }
        case .structure(let fields):
            if fields.isEmpty { throw DBusFailure.invalidValue("empty struct") }
            for field in fields { try validateContents(field) }
        default:
            break
        }
    }

    // MARK: Writing

    /// Appends `values` as the body of `message` (an `OpaquePointer` to a `DBusMessage`).
    func append(_ values: [DBusValue], to message: OpaquePointer) throws {
        for value in values { try validate(value) }
        var iter = DBusMessageIter()
        lib.dbus_message_iter_init_append(message, &iter)
        for value in values { try append(value, to: &iter) }
    }

    private func appendBasic(_ iter: inout DBusMessageIter, _ type: Int32, _ fill: (inout DBusBasicValue) -> Void) throws {
        var basic = DBusBasicValue()
        fill(&basic)
        guard lib.dbus_message_iter_append_basic(&iter, type, &basic) != 0 else { throw DBusFailure.invalidValue("out of memory") }
    }

    private func appendText(_ iter: inout DBusMessageIter, _ type: Int32, _ text: String) throws {
        let ok = text.withCString { pointer -> Bool in
            var basic = DBusBasicValue()
            basic.str = UnsafeMutablePointer(mutating: pointer)
            return lib.dbus_message_iter_append_basic(&iter, type, &basic) != 0
        }
        guard ok else { throw DBusFailure.invalidValue("out of memory") }
    }

    private func withContainer(
        _ iter: inout DBusMessageIter, _ type: Int32, _ contained: String?, _ body: (inout DBusMessageIter) throws -> Void
    ) throws {
        var sub = DBusMessageIter()
        let opened: Bool
        if let contained {
            opened = contained.withCString { lib.dbus_message_iter_open_container(&iter, type, $0, &sub) } != 0
        } else {
            opened = lib.dbus_message_iter_open_container(&iter, type, nil, &sub) != 0
        }
        guard opened else { throw DBusFailure.invalidValue("out of memory") }
        do {
            try body(&sub)
        } catch {
            lib.dbus_message_iter_abandon_container(&iter, &sub)
            throw error
        }
        guard lib.dbus_message_iter_close_container(&iter, &sub) != 0 else { throw DBusFailure.invalidValue("out of memory") }
    }

    private func append(_ value: DBusValue, to iter: inout DBusMessageIter) throws {
        switch value {
        case .byte(let v): try appendBasic(&iter, Self.byte) { $0.byt = v }
        case .boolean(let v): try appendBasic(&iter, Self.boolean) { $0.bool_val = v ? 1 : 0 }
        case .int16(let v): try appendBasic(&iter, Self.int16) { $0.i16 = v }
        case .uint16(let v): try appendBasic(&iter, Self.uint16) { $0.u16 = v }
        case .int32(let v): try appendBasic(&iter, Self.int32) { $0.i32 = v }
        case .uint32(let v): try appendBasic(&iter, Self.uint32) { $0.u32 = v }
        case .int64(let v): try appendBasic(&iter, Self.int64) { $0.i64 = dbus_int64_t(v) }
        case .uint64(let v): try appendBasic(&iter, Self.uint64) { $0.u64 = dbus_uint64_t(v) }
        case .double(let v): try appendBasic(&iter, Self.double) { $0.dbl = v }
        case .string(let v): try appendText(&iter, Self.string, v)
        case .objectPath(let v): try appendText(&iter, Self.objectPath, v)
        case .signature(let v): try appendText(&iter, Self.signature, v)
        case .variant(let inner):
            try withContainer(&iter, Self.variant, inner.signature) { try append(inner, to: &$0) }
        case .bytes(let bytes):
            try withContainer(&iter, Self.array, "y") { sub in
                let ok = bytes.withUnsafeBufferPointer { buffer -> Bool in
                    var base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)
                    return lib.dbus_message_iter_append_fixed_array(&sub, Self.byte, &base, Int32(buffer.count)) != 0
                }
                guard ok else { throw DBusFailure.invalidValue("out of memory") }
            }
        case .array(let element, let items):
            try withContainer(&iter, Self.array, element) { sub in
                for item in items { try append(item, to: &sub) }
            }
        case .dictionary(let keyType, let valueType, let entries):
            try withContainer(&iter, Self.array, "{" + keyType + valueType + "}") { sub in
                for entry in entries {
                    try withContainer(&sub, Self.dictEntry, nil) { pair in
                        try append(entry.key, to: &pair)
                        try append(entry.value, to: &pair)
                    }
                }
            }
        case .structure(let fields):
            try withContainer(&iter, Self.structure, nil) { sub in
                for field in fields { try append(field, to: &sub) }
            }
        }
    }

    // MARK: Reading

    /// Reads the whole body of `message`. libdbus has already checked that the body matches its
    /// signature; what can still go wrong (unix fds, which we never accept) becomes a typed error.
    func read(_ message: OpaquePointer) throws -> [DBusValue] {
        var iter = DBusMessageIter()
        guard lib.dbus_message_iter_init(message, &iter) != 0 else { return [] }
        return try readAll(&iter)
    }

    private func readAll(_ iter: inout DBusMessageIter) throws -> [DBusValue] {
        var values: [DBusValue] = []
        while lib.dbus_message_iter_get_arg_type(&iter) != Self.invalid {
            values.append(try readOne(&iter))
            _ = lib.dbus_message_iter_next(&iter)
        }
        return values
    }

    private func basic(_ iter: inout DBusMessageIter) -> DBusBasicValue {
        var value = DBusBasicValue()
        lib.dbus_message_iter_get_basic(&iter, &value)
        return value
    }

    private func text(_ iter: inout DBusMessageIter) -> String {
        let value = basic(&iter)
        guard let pointer = value.str else { return "" }
        return String(cString: pointer)
    }

    private func currentSignature(_ iter: inout DBusMessageIter) -> String {
        guard let pointer = lib.dbus_message_iter_get_signature(&iter) else { return "" }
        defer { lib.dbus_free(pointer) }
        return String(cString: pointer)
    }

    private func readOne(_ iter: inout DBusMessageIter) throws -> DBusValue {
        let type = lib.dbus_message_iter_get_arg_type(&iter)
        switch type {
        case Self.byte: return .byte(basic(&iter).byt)
        case Self.boolean: return .boolean(basic(&iter).bool_val != 0)
        case Self.int16: return .int16(basic(&iter).i16)
        case Self.uint16: return .uint16(basic(&iter).u16)
        case Self.int32: return .int32(basic(&iter).i32)
        case Self.uint32: return .uint32(basic(&iter).u32)
        case Self.int64: return .int64(Int64(basic(&iter).i64))
        case Self.uint64: return .uint64(UInt64(basic(&iter).u64))
        case Self.double: return .double(basic(&iter).dbl)
        case Self.string: return .string(text(&iter))
        case Self.objectPath: return .objectPath(text(&iter))
        case Self.signature: return .signature(text(&iter))
        case Self.variant:
            var sub = DBusMessageIter()
            lib.dbus_message_iter_recurse(&iter, &sub)
            guard lib.dbus_message_iter_get_arg_type(&sub) != Self.invalid else {
                throw DBusFailure.unexpectedType(expected: "variant content", actual: "nothing")
            }
            return .variant(try readOne(&sub))
        case Self.structure:
            var sub = DBusMessageIter()
            lib.dbus_message_iter_recurse(&iter, &sub)
            return .structure(try readAll(&sub))
        case Self.array:
            return try readArray(&iter)
        case Self.unixFD:
            throw DBusFailure.unexpectedType(expected: "no file descriptors", actual: "h")
        default:
            throw DBusFailure.unexpectedType(expected: "a known D-Bus type", actual: String(UnicodeScalar(UInt8(truncatingIfNeeded: type))))
        }
    }

    private func readArray(_ iter: inout DBusMessageIter) throws -> DBusValue {
        let elementSignature = String(currentSignature(&iter).dropFirst())
        let elementType = lib.dbus_message_iter_get_element_type(&iter)
        var sub = DBusMessageIter()
        lib.dbus_message_iter_recurse(&iter, &sub)
        if elementType == Self.byte {
            var pointer: UnsafePointer<UInt8>? = nil
            var count: Int32 = 0
            if lib.dbus_message_iter_get_arg_type(&sub) != Self.invalid {
                lib.dbus_message_iter_get_fixed_array(&sub, &pointer, &count)
            }
            guard let pointer, count > 0 else { return .bytes([]) }
            return .bytes(Array(UnsafeBufferPointer(start: pointer, count: Int(count))))
        }
        if elementType == Self.dictEntry {
            // "{kv}" → key signature is one basic type code, the rest is the value type.
            let inner = elementSignature.dropFirst().dropLast()
            let keySignature = String(inner.prefix(1))
            let valueSignature = String(inner.dropFirst())
            var entries: [DBusDictEntry] = []
            while lib.dbus_message_iter_get_arg_type(&sub) != Self.invalid {
                var pair = DBusMessageIter()
                lib.dbus_message_iter_recurse(&sub, &pair)
                let items = try readAll(&pair)
                guard items.count == 2 else {
                    throw DBusFailure.unexpectedType(expected: "dict entry", actual: "\(items.count) fields")
                }
                entries.append(DBusDictEntry(key: items[0], value: items[1]))
                _ = lib.dbus_message_iter_next(&sub)
            }
            return .dictionary(keySignature: keySignature, valueSignature: valueSignature, entries)
        }
        return .array(elementSignature: elementSignature, try readAll(&sub))
    }
}
