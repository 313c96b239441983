import Foundation

/// The fields of one `--json` object (an event's, a `result`'s extra fields, or a nested object),
/// with the names README's JSON tables list. Field names come from `CodingKeys`, so the test that
/// checks the README against the types reads the same names the encoder writes.
protocol JSONFields: Encodable, Sendable {
    associatedtype CodingKeys: CodingKey
    /// Every key this type can write, in declaration order.
    static var fieldNames: [String] { get }
}

extension JSONFields where CodingKeys: CaseIterable {
    static var fieldNames: [String] { CodingKeys.allCases.map(\.stringValue) }
}

/// One kind of `--json` line: its `event` name and its fields. `JSONLines` adds `event` and `t`.
protocol JSONEvent: JSONFields {
    static var name: String { get }
}

/// A field that is always written: `null` when absent (a plain Optional field is left out instead).
@propertyWrapper
struct Nullable<Value: Encodable & Sendable>: Encodable, Sendable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

/// A key chosen at run time: for objects whose keys are data (per-VIF seconds) or depend on the network kind.
struct JSONKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// An event with no fields of its own (`scan_started`, `wps_saved`, a `result` with nothing to add).
enum NoFieldKeys: CodingKey, CaseIterable {}
