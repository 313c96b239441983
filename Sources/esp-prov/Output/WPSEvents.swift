import WPS

/// The `--json` lines of `esp-prov wps` (README, "JSON output"), written through `DaemonOutput`.
enum WPSEvents {
    /// The daemon the run talks to: `hostapd` or `wpa_supplicant`, detected from `STATUS`.
    struct Daemon: JSONEvent {
        static let name = "wps_daemon"
        let daemon: String, socket: String
        enum CodingKeys: String, CodingKey, CaseIterable { case daemon, socket }
    }

    /// `wps pin` on wpa_supplicant without a PIN: the generated PIN, for the registrar.
    struct Pin: JSONEvent {
        static let name = "wps_pin"
        let pin: String
        let generated: Bool
        enum CodingKeys: String, CodingKey, CaseIterable { case pin, generated }
    }

    /// The daemon accepted the command; `enrollee` only for `wps er pin/pbc`.
    struct Started: JSONEvent {
        static let name = "wps_started"
        let method: String, role: String
        var enrollee: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case method, role, enrollee }
    }

    /// `-v`: one daemon event, credential events reduced to their name.
    struct DaemonEvent: JSONEvent {
        static let name = "daemon_event"
        let text: String
        enum CodingKeys: String, CodingKey, CaseIterable { case text }
    }

    /// `--save`: `SAVE_CONFIG` succeeded.
    struct Saved: JSONEvent {
        static let name = "wps_saved"
        typealias CodingKeys = NoFieldKeys
        func encode(to encoder: Encoder) throws {}
    }

    /// `wps er`: `WPS_ER_START` succeeded; `filter` is `--ap_ip` or null.
    struct ERStarted: JSONEvent {
        static let name = "er_started"
        @Nullable var filter: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case filter }
    }

    /// An AP that announced itself over UPnP (also the `aps` and `ap` of `wps er` results).
    struct ERAccessPoint: JSONEvent {
        static let name = "er_ap"
        let uuid: String, mac: String
        @Nullable var wpsState: Int?
        let friendlyName: String, manufacturer: String, modelName: String
        enum CodingKeys: String, CodingKey, CaseIterable {
            case uuid, mac, wpsState = "wps_state", friendlyName = "friendly_name", manufacturer, modelName = "model_name"
        }

        init(_ ap: WPSERAccessPoint) {
            uuid = printableDaemonText(ap.uuid)
            mac = printableDaemonText(ap.mac)
            wpsState = ap.wpsState
            friendlyName = printableDaemonText(ap.friendlyName)
            manufacturer = printableDaemonText(ap.manufacturer)
            modelName = printableDaemonText(ap.modelName)
        }
    }

    struct ERAccessPointRemoved: JSONEvent {
        static let name = "er_ap_removed"
        let uuid: String
        enum CodingKeys: String, CodingKey, CaseIterable { case uuid }
    }

    /// An enrollee an AP relayed (also the `enrollees` of `wps er list`'s result).
    struct EREnrollee: JSONEvent {
        static let name = "er_enrollee"
        let uuid: String, mac: String, m1: Bool
        @Nullable var devPasswdID: Int?
        let deviceName: String, manufacturer: String, modelName: String
        enum CodingKeys: String, CodingKey, CaseIterable {
            case uuid, mac, m1, devPasswdID = "dev_passwd_id", deviceName = "device_name", manufacturer, modelName = "model_name"
        }

        init(_ enrollee: WPSEREnrollee) {
            uuid = printableDaemonText(enrollee.uuid)
            mac = printableDaemonText(enrollee.mac)
            m1 = enrollee.sentM1
            devPasswdID = enrollee.devicePasswordId
            deviceName = printableDaemonText(enrollee.deviceName)
            manufacturer = printableDaemonText(enrollee.manufacturer)
            modelName = printableDaemonText(enrollee.modelName)
        }
    }

    struct EREnrolleeRemoved: JSONEvent {
        static let name = "er_enrollee_removed"
        let uuid: String, mac: String
        enum CodingKeys: String, CodingKey, CaseIterable { case uuid, mac }
    }

    /// `wps opensync`: `tls` is true for `ssl:`.
    struct OpenSyncConnected: JSONEvent {
        static let name = "opensync_connected"
        let ovsdb: String
        let tls: Bool
        enum CodingKeys: String, CodingKey, CaseIterable { case ovsdb, tls }
    }

    struct OpenSyncTargets: JSONEvent {
        static let name = "opensync_targets"
        let ifNames: [String]
        enum CodingKeys: String, CodingKey, CaseIterable { case ifNames = "if_names" }
    }

    struct OpenSyncRequested: JSONEvent {
        static let name = "opensync_requested"
        let ifNames: [String]
        let keyID: String
        enum CodingKeys: String, CodingKey, CaseIterable { case ifNames = "if_names", keyID = "key_id" }
    }

    struct SessionStarted: JSONEvent {
        static let name = "wps_session_started"
        let ifName: String
        enum CodingKeys: String, CodingKey, CaseIterable { case ifName = "if_name" }
    }

    struct SessionEnded: JSONEvent {
        static let name = "wps_session_ended"
        let ifName: String
        enum CodingKeys: String, CodingKey, CaseIterable { case ifName = "if_name" }
    }

    struct OpenSyncCancelRequested: JSONEvent {
        static let name = "opensync_cancel_requested"
        let ifNames: [String]
        let running: [String]
        enum CodingKeys: String, CodingKey, CaseIterable { case ifNames = "if_names", running }
    }

    struct OpenSyncWPSDisabled: JSONEvent {
        static let name = "opensync_wps_disabled"
        let ifNames: [String]
        enum CodingKeys: String, CodingKey, CaseIterable { case ifNames = "if_names" }
    }

    struct OpenSyncRestored: JSONEvent {
        static let name = "opensync_restored"
        let ifNames: [String]
        enum CodingKeys: String, CodingKey, CaseIterable { case ifNames = "if_names" }
    }
}
