import Foundation

/// Any JSON value, for reading JSON from an untrusted peer (an OVSDB server, a device's proto-ver
/// reply, a QR payload, a batch manifest) without trusting its shape: text is parsed into this
/// first and only then read, so an unexpected type is a `nil` the caller reports, never a crash.
/// Integers and reals are kept apart because OVSDB's `integer` and `real` columns are. One type
/// for every module (no dependencies beyond Foundation), so ProvClient and OVSDB share it.
public enum JSON: Sendable, Hashable, Codable {
    /// `null`: in OVSDB an absent value (an unset reply `error`, a row not executed).
    case null
    /// `true`/`false`: boolean atoms.
    case bool(Bool)
    /// A number without fraction or exponent that fits `Int`: integer atoms and request ids.
    case integer(Int)
    /// Any other number: real atoms.
    case real(Double)
    /// A string: string atoms, names, and the tags of `["set", …]`, `["map", …]`, `["uuid", …]`.
    case string(String)
    /// An array: params, operation lists, and tagged datums.
    case array([JSON])
    /// An object: messages, rows and operations (member order carries no meaning).
    case object([String: JSON])

    /// Tries each JSON type in turn (integers before reals), so any valid JSON decodes.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .real(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSON].self))
        }
    }

    /// Encodes the value as the JSON type it names.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .real(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Parses one complete JSON text; nil for anything else (callers say what they expected).
    public static func parse(_ bytes: some Collection<UInt8>) -> JSON? {
        try? JSONDecoder().decode(JSON.self, from: Data(bytes))
    }

    /// The compact encoding sent on the wire.
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self))
    }

    /// A member of an object; nil for a missing key or a non-object, so readers check instead of crash.
    public subscript(key: String) -> JSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The string, or nil for any other type.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The elements, or nil for any other type.
    public var arrayValue: [JSON]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// An integral number, nil for anything else (booleans, strings, 1.5): a real that is a whole
    /// number below 10^15 counts, since some JSON writers emit `2.0` for 2.
    public var integerValue: Int? {
        switch self {
        case .integer(let value): return value
        case .real(let value) where value.rounded() == value && abs(value) < 1e15: return Int(value)
        default: return nil
        }
    }

    /// The members, or nil for any other type.
    public var objectValue: [String: JSON]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// True for `null`, which OVSDB uses for "no error" and "not executed".
    public var isNull: Bool { self == .null }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// Literals, so requests read like the JSON they send.
    public init(stringLiteral value: String) { self = .string(value) }
    /// `true`/`false` as a JSON boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer literal as `.integer`.
    public init(integerLiteral value: Int) { self = .integer(value) }
    /// `[a, b]` as a JSON array.
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    /// `["k": v]` as a JSON object (a repeated key keeps the last value).
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }
}
