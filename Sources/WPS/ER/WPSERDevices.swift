/// An AP an External Registrar found over UPnP (`WPS-ER-AP-ADD <uuid> <mac> pri_dev_type=..
/// wps_state=N |friendly name|manufacturer|model description|model name|model number|serial|`).
public struct WPSERAccessPoint: Sendable, Equatable {
    public var uuid: String
    public var mac: String
    /// 1: WPS not configured, 2: configured (WPS's Wi-Fi Protected Setup State attribute).
    public var wpsState: Int?
    public var friendlyName: String
    public var manufacturer: String
    public var modelName: String
}

/// An enrollee an AP relayed to the ER (`WPS-ER-ENROLLEE-ADD <uuid> <mac> M1=0|1 config_methods=0x..
/// dev_passwd_id=N pri_dev_type=.. |device name|manufacturer|model name|model number|serial|`).
public struct WPSEREnrollee: Sendable, Equatable {
    public var uuid: String
    public var mac: String
    /// Whether the enrollee already sent M1 (it is running a WPS session), not only a probe.
    public var sentM1: Bool
    /// 4: push button; 0: default PIN (WPS Device Password ID).
    public var devicePasswordId: Int?
    public var deviceName: String
    public var manufacturer: String
    public var modelName: String
}

/// The settings an AP gave in `WPS_ER_LEARN`, without the key (`WPS-ER-AP-SETTINGS ... key=` carries
/// it in clear; the parser never keeps it).
public struct WPSERAPSettings: Sendable, Equatable {
    public var uuid: String
    public var ssid: String
    /// WPS Authentication Type bits (0x0001 open, 0x0002 WPA-PSK, 0x0020 WPA2-PSK).
    public var authType: Int
    /// WPS Encryption Type bits (0x0001 none, 0x0002 WEP, 0x0004 TKIP, 0x0008 AES/CCMP).
    public var encryptionType: Int

    /// The auth bits as the words `WPS_ER_CONFIG` takes (`OPEN`, `WPAPSK`, `WPA2PSK`), joined by `+`.
    public var authName: String { Self.names(authType, [(0x0001, "OPEN"), (0x0002, "WPAPSK"), (0x0008, "WPA"), (0x0010, "WPA2"), (0x0020, "WPA2PSK")]) }
    /// The encryption bits as the words `WPS_ER_CONFIG` takes (`NONE`, `WEP`, `TKIP`, `CCMP`), joined by `+`.
    public var encryptionName: String { Self.names(encryptionType, [(0x0001, "NONE"), (0x0002, "WEP"), (0x0004, "TKIP"), (0x0008, "CCMP")]) }

    private static func names(_ bits: Int, _ table: [(Int, String)]) -> String {
        let words = table.filter { bits & $0.0 != 0 }.map(\.1)
        return words.isEmpty ? String(format: "0x%04x", bits) : words.joined(separator: "+")
    }
}

/// What `WPS_ER_CONFIG` gives an AP. The key is a secret: it only ever goes into the command sent
/// to the daemon (hex, as the control interface takes it), never into a description.
public struct WPSERNewSettings: Sendable {
    /// `WPS_ER_CONFIG`'s authentication words.
    public enum Auth: String, Sendable, CaseIterable { case open = "OPEN", wpaPSK = "WPAPSK", wpa2PSK = "WPA2PSK" }
    /// `WPS_ER_CONFIG`'s encryption words.
    public enum Encryption: String, Sendable, CaseIterable { case none = "NONE", tkip = "TKIP", ccmp = "CCMP" }

    public var ssid: String
    public var auth: Auth
    public var encryption: Encryption
    public var key: String

    public init(ssid: String, auth: Auth, encryption: Encryption, key: String) {
        self.ssid = ssid
        self.auth = auth
        self.encryption = encryption
        self.key = key
    }
}
