import WPS

/// The `result` fields of a successful `wps` run, one type per `outcome` (README, "JSON output").
enum WPSResults {
    /// A registrar handed the network to an enrollee.
    struct Registered: JSONFields {
        let outcome = "registered"
        let enrollee: Enrollee
        enum CodingKeys: String, CodingKey, CaseIterable { case outcome, enrollee }

        struct Enrollee: JSONFields {
            let mac: String, uuid: String
            @Nullable var deviceName: String?
            enum CodingKeys: String, CodingKey, CaseIterable { case mac, uuid, deviceName = "device_name" }
        }
    }

    /// An enrollee joined; `saved` is null on hostapd.
    struct Joined: JSONFields {
        let outcome = "joined"
        let networks: [Network]
        @Nullable var saved: Bool?
        enum CodingKeys: String, CodingKey, CaseIterable { case outcome, networks, saved }
    }

    /// `wps ap-pin`: the AP's settings.
    struct Learned: JSONFields {
        let outcome = "learned"
        let network: Network
        @Nullable var saved: Bool?
        enum CodingKeys: String, CodingKey, CaseIterable { case outcome, network, saved }
    }

    /// A network wpa_supplicant added (never its key).
    struct Network: JSONFields {
        let id: Int, ssid: String
        @Nullable var keyMgmt: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case id, ssid, keyMgmt = "key_mgmt" }

        init(_ network: WPSNetwork) {
            id = network.id
            ssid = printableDaemonText(network.ssid)
            keyMgmt = network.keyManagement
        }
    }

    /// `wps nfc-token`: the token file written.
    struct NFCToken: JSONFields {
        let outcome = "nfc_token"
        let format: String, bytes: Int, output: String
        enum CodingKeys: String, CodingKey, CaseIterable { case outcome, format, bytes, output }
    }

    /// `wps opensync`: the session ran and ended; OpenSync never says whether a device joined.
    struct OpenSyncSessionEnded: JSONFields {
        let outcome = "session_ended"
        let ifNames: [String]
        let keyID: String
        /// Per VIF.
        let secondsRunning: [String: Double]
        let deviceJoined = "unknown"
        enum CodingKeys: String, CodingKey, CaseIterable {
            case outcome, ifNames = "if_names", keyID = "key_id", secondsRunning = "seconds_running", deviceJoined = "device_joined"
        }
    }

    /// `wps opensync --cancel`.
    struct OpenSyncCancelled: JSONFields {
        let outcome = "cancelled"
        let ifNames: [String]
        let wasRunning: [String]
        enum CodingKeys: String, CodingKey, CaseIterable { case outcome, ifNames = "if_names", wasRunning = "was_running" }
    }

    /// `wps er list`.
    struct ERListed: JSONFields {
        let outcome = "listed"
        let aps: [WPSEvents.ERAccessPoint]
        let enrollees: [WPSEvents.EREnrollee]
        enum CodingKeys: String, CodingKey, CaseIterable { case outcome, aps, enrollees }
    }

    /// `wps er learn` (`learned`) and `wps er config` (`configured`): the AP's settings, never its key.
    struct ERSettings: JSONFields {
        let outcome: String
        let ap: WPSEvents.ERAccessPoint
        let ssid: String, auth: String, encryption: String
        enum CodingKeys: String, CodingKey, CaseIterable { case outcome, ap, ssid, auth, encryption }
    }

    /// `wps er pin/pbc`: the enrollee registered through the External Registrar.
    struct ERRegistered: JSONFields {
        let outcome = "registered"
        let enrollee: String
        enum CodingKeys: String, CodingKey, CaseIterable { case outcome, enrollee }
    }
}
