import OVSDB
import UntrustedJSON

/// One Wi-Fi interface (VIF) as OpenSync's tables describe it, reduced to what a WPS session needs.
/// Only the *names* of keys are kept: OpenSync stores PSKs as the values of `security` and
/// `wpa_psks`, and a value this type never holds can never reach the output.
public struct OpenSyncVIF: Sendable, Equatable {
    /// The row's `_uuid`, which `update` and `wait` operations name the row by.
    public var uuid: String
    /// `if_name`: what joins a Config row to its State row, and how users name a VIF.
    public var ifName: String
    /// The network the VIF serves; nil when the row has none (an unconfigured VIF).
    public var ssid: String?
    /// Key ids the VIF knows: `key`, `key-2`, … of `security`, and every key of `wpa_psks`.
    public var keyIds: [String]
    /// `wps`: WPS advertised; a push-button start needs it on, so it is turned on with `wps_pbc`.
    public var wps: Bool?
    /// `wps_pbc`: on Config a start request, on State true while a session runs.
    public var wpsPBC: Bool?
    /// `wps_pbc_key_id`: whose PSK the enrollee gets; empty when unset. A running session's may not change.
    public var wpsPBCKeyId: String
    /// The columns as the server sent them (`wps_pbc`, `wps_pbc_key_id`, `ssid`, `if_name`), for
    /// `wait` operations that assert nothing changed between reading and writing. Never PSKs.
    public var guardColumns: [String: JSON]
    /// The Config columns a start request writes (`wps`, `wps_pbc`, `wps_pbc_key_id`) as they were
    /// read, so that every exit path can put the row back as it found it.
    public var requestColumns: [String: JSON]

    /// The columns a VIF row is read with; `wpa_psks` only where the schema has it.
    public static func columns(withWPAPSKs: Bool) -> [String] {
        ["if_name", "ssid", "security", "wps", "wps_pbc", "wps_pbc_key_id"] + (withWPAPSKs ? ["wpa_psks"] : [])
    }

    /// Reads a `Wifi_VIF_Config` or `Wifi_VIF_State` row, checking every column's type; the PSK values
    /// of `security` and `wpa_psks` are dropped here, keeping only their key ids.
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
        requestColumns = row.filter { ["wps", "wps_pbc", "wps_pbc_key_id"].contains($0.key) }
    }

    /// `requestColumns` as an update row. A `wps_pbc` that was true (a start still pending) goes back
    /// unset, the manager's own resting value (it self-clears the column, docs/onboarding.md §4):
    /// putting `true` back would start another session.
    public var restoringRow: [String: JSON] {
        [
            "wps": requestColumns["wps"] ?? OVSDBDatum.empty,
            "wps_pbc": wpsPBC == true ? OVSDBDatum.empty : requestColumns["wps_pbc"] ?? OVSDBDatum.empty,
            "wps_pbc_key_id": requestColumns["wps_pbc_key_id"] ?? "",
        ]
    }

    /// True while the AP reports a running push-button session (State's `wps_pbc`).
    public var sessionRunning: Bool { wpsPBC == true }
}
