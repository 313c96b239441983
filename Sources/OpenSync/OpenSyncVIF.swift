import OVSDB

/// One Wi-Fi interface (VIF) as OpenSync's tables describe it, reduced to what a WPS session needs.
/// Only the *names* of keys are kept: OpenSync stores PSKs as the values of `security` and
/// `wpa_psks`, and a value this type never holds can never reach the output.
public struct OpenSyncVIF: Sendable, Equatable {
    public var uuid: String
    public var ifName: String
    public var ssid: String?
    /// Key ids the VIF knows: `key`, `key-2`, … of `security`, and every key of `wpa_psks`.
    public var keyIds: [String]
    public var wps: Bool?
    public var wpsPBC: Bool?
    public var wpsPBCKeyId: String
    /// The columns as the server sent them (`wps_pbc`, `wps_pbc_key_id`, `ssid`, `if_name`), for
    /// `wait` operations that assert nothing changed between reading and writing. Never PSKs.
    public var guardColumns: [String: JSON]

    /// The columns a VIF row is read with; `wpa_psks` only where the schema has it.
    public static func columns(withWPAPSKs: Bool) -> [String] {
        ["if_name", "ssid", "security", "wps", "wps_pbc", "wps_pbc_key_id"] + (withWPAPSKs ? ["wpa_psks"] : [])
    }

    public init(uuid: String, row: [String: JSON]) throws {
        self.uuid = uuid
        guard let ifName = try OVSDBDatum.optionalString(row["if_name"], column: "if_name") else {
            throw OVSDBError.malformed("a VIF row has no if_name")
        }
        self.ifName = ifName
        ssid = try OVSDBDatum.optionalString(row["ssid"], column: "ssid")
        let securityKeys = try OVSDBDatum.mapKeys(row["security"], column: "security").filter { $0 == "key" || $0.hasPrefix("key-") }
        keyIds = securityKeys + (try OVSDBDatum.mapKeys(row["wpa_psks"], column: "wpa_psks")).filter { !securityKeys.contains($0) }
        wps = try OVSDBDatum.optionalBool(row["wps"], column: "wps")
        wpsPBC = try OVSDBDatum.optionalBool(row["wps_pbc"], column: "wps_pbc")
        wpsPBCKeyId = try OVSDBDatum.optionalString(row["wps_pbc_key_id"], column: "wps_pbc_key_id") ?? ""
        guardColumns = row.filter { ["if_name", "ssid", "wps_pbc", "wps_pbc_key_id"].contains($0.key) }
    }

    /// True while the AP reports a running push-button session (State's `wps_pbc`).
    public var sessionRunning: Bool { wpsPBC == true }
}
