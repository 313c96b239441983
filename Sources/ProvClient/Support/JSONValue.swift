import Foundation

/// Any JSON value, for parsing untrusted JSON (proto-ver, QR payloads) without trusting its shape.
public enum JSONValue: Decodable, Equatable, Sendable {
    /// `null`.
    case null
    /// `true`/`false`.
    case bool(Bool)
    /// Any number; callers check integrality and range themselves.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object (member order is not kept; nothing here depends on it).
    case object([String: JSONValue])

    /// Tries each JSON type in turn, so any valid JSON decodes.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Parses bytes; nil when they are not JSON.
    public static func parse(_ bytes: [UInt8]) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    /// A member of an object; nil for a missing key or a non-object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The string, or nil for any other type, so callers report a wrong type instead of crashing.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// An integral number, nil for anything else (including booleans and 1.5).
    public var integerValue: Int? {
        if case .number(let value) = self, value.rounded() == value, abs(value) < 1e15 { return Int(value) }
        return nil
    }
}
