import UntrustedJSON

/// The rows a `monitor` reply or `update` notification reports changed (RFC 7047 §4.1.6):
/// per table, per row UUID, the old and new column values. Validated on construction so the
/// reader never meets a shape it did not expect.
public struct TableUpdates: Sendable, Equatable {
    /// One row's change: `old` is nil for an insert, `new` is nil for a delete.
    public struct RowChange: Sendable, Equatable {
        /// The columns before the change (in an `update`, only the columns that changed).
        public var old: [String: JSON]?
        /// The columns after the change.
        public var new: [String: JSON]?
    }

    /// Table name → row UUID → change.
    public var tables: [String: [String: RowChange]]

    /// Updates built by hand, for the empty start of a client's copy and for tests.
    public init(tables: [String: [String: RowChange]] = [:]) {
        self.tables = tables
    }

    /// Checks the server's `table-updates` object shape by shape; throws `malformed` naming the part.
    public init(validating json: JSON) throws {
        guard let tableObjects = json.objectValue else { throw OVSDBError.malformed("table updates are not an object") }
        var tables: [String: [String: RowChange]] = [:]
        for (table, rows) in tableObjects {
            guard let rowObjects = rows.objectValue else { throw OVSDBError.malformed("updates of \(table) are not an object") }
            var changes: [String: RowChange] = [:]
            for (uuid, change) in rowObjects {
                guard let members = change.objectValue else { throw OVSDBError.malformed("update of a \(table) row is not an object") }
                func row(_ key: String) throws -> [String: JSON]? {
                    guard let value = members[key], !value.isNull else { return nil }
                    guard let columns = value.objectValue else { throw OVSDBError.malformed("'\(key)' of a \(table) row is not an object") }
                    return columns
                }
                changes[uuid] = RowChange(old: try row("old"), new: try row("new"))
            }
            tables[table] = changes
        }
        self.tables = tables
    }
}
