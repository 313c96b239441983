import UntrustedJSON

/// Reading and writing OVSDB's datum notation (RFC 7047 §5.1): a column holding zero or one value
/// is `["set", []]` or the bare atom, a map is `["map", [[key, value], ...]]`, a UUID is
/// `["uuid", "..."]`. Every reader throws `OVSDBError.malformed` naming the column.
public enum OVSDBDatum {
    /// An optional column (`min: 0, max: 1`) holding a boolean: nil when empty.
    public static func optionalBool(_ value: JSON?, column: String) throws -> Bool? {
        switch try optionalAtom(value, column: column) {
        case nil: return nil
        case .bool(let flag)?: return flag
        default: throw OVSDBError.malformed("column \(column) is not a boolean")
        }
    }

    /// A string column, optional or not: nil when empty.
    public static func optionalString(_ value: JSON?, column: String) throws -> String? {
        switch try optionalAtom(value, column: column) {
        case nil: return nil
        case .string(let text)?: return text
        default: throw OVSDBError.malformed("column \(column) is not a string")
        }
    }

    /// The keys of a string→string map column. The values are deliberately not returned: in
    /// OpenSync's tables they are PSKs, and what is never kept can never be printed.
    public static func mapKeys(_ value: JSON?, column: String) throws -> [String] {
        guard let value else { return [] }
        guard case .array(let pair) = value, pair.count == 2, pair[0] == "map", case .array(let entries) = pair[1] else {
            throw OVSDBError.malformed("column \(column) is not a map")
        }
        return try entries.map { entry in
            guard case .array(let keyValue) = entry, keyValue.count == 2, case .string(let key) = keyValue[0] else {
                throw OVSDBError.malformed("column \(column) has a malformed map entry")
            }
            return key
        }
    }

    /// A UUID column value, `["uuid", "..."]`.
    public static func uuid(_ value: JSON?, column: String) throws -> String {
        guard case .array(let pair)? = value, pair.count == 2, pair[0] == "uuid", case .string(let uuid) = pair[1] else {
            throw OVSDBError.malformed("column \(column) is not a UUID")
        }
        return uuid
    }

    /// `["uuid", id]` for `where` clauses.
    public static func uuidValue(_ uuid: String) -> JSON { ["uuid", .string(uuid)] }

    /// The empty set, which clears an optional column.
    public static let empty: JSON = ["set", []]

    private static func optionalAtom(_ value: JSON?, column: String) throws -> JSON? {
        guard let value else { return nil }
        guard case .array(let pair) = value else { return value }
        guard pair.count == 2, pair[0] == "set", case .array(let atoms) = pair[1], atoms.count <= 1 else {
            throw OVSDBError.malformed("column \(column) holds more than one value")
        }
        return atoms.first
    }
}
