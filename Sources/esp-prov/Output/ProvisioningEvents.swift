import ProvClient
import ProvCrypto

/// The `--json` events of a provisioning run (README, "JSON output"), written by `JSONReporter`.
enum ProvisioningEvents {
    struct Start: JSONEvent {
        static let name = "start"
        let transport: String
        @Nullable var service: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case transport, service }
    }

    struct DeviceInfo: JSONEvent {
        static let name = "device_info"
        @Nullable var version: String?
        @Nullable var secVer: Int?
        @Nullable var secPatchVer: Int?
        let capabilities: [String]
        let manager: String
        let network: String
        let json: Bool
        enum CodingKeys: String, CodingKey, CaseIterable {
            case version, secVer = "sec_ver", secPatchVer = "sec_patch_ver", capabilities, manager, network, json
        }
    }

    struct Security: JSONEvent {
        static let name = "security"
        let scheme: Int
        let reason: String
        @Nullable var minimum: String?
        /// sec2 only: `counter` or `static`.
        let ivMode: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case scheme, reason, minimum, ivMode = "iv_mode" }
    }

    struct ProtocolVersionVerified: JSONEvent {
        static let name = "protocol_version_verified"
        let version: String
        enum CodingKeys: String, CodingKey, CaseIterable { case version }
    }

    struct SessionEstablished: JSONEvent {
        static let name = "session_established"
        let scheme: Int
        enum CodingKeys: String, CodingKey, CaseIterable { case scheme }
    }

    struct ControlDone: JSONEvent {
        static let name = "control_done"
        let command: String
        enum CodingKeys: String, CodingKey, CaseIterable { case command }
    }

    struct CustomReply: JSONEvent {
        static let name = "custom_reply"
        let endpoint: String
        let replyHex: String
        let replyText: String
        enum CodingKeys: String, CodingKey, CaseIterable { case endpoint, replyHex = "reply_hex", replyText = "reply_text" }
    }

    struct ScanStarted: JSONEvent {
        static let name = "scan_started"
        typealias CodingKeys = NoFieldKeys
        func encode(to encoder: Encoder) throws {}
    }

    struct ScanResults: JSONEvent {
        static let name = "scan_results"
        let seconds: Double
        let accessPoints: [AccessPointFields]
        enum CodingKeys: String, CodingKey, CaseIterable { case seconds, accessPoints = "access_points" }
    }

    struct AccessPointFields: JSONFields {
        let ssid: String, bssid: String, channel: Int, rssi: Int, auth: String, authMode: Int
        enum CodingKeys: String, CodingKey, CaseIterable { case ssid, bssid, channel, rssi, auth, authMode = "auth_mode" }

        init(_ ap: AccessPoint) {
            ssid = ap.ssid
            bssid = ap.bssidHex
            channel = Int(ap.channel)
            rssi = Int(ap.rssi)
            auth = ap.auth.description
            authMode = Int(ap.auth.rawValue)
        }
    }

    struct CredentialsSent: JSONEvent {
        static let name = "credentials_sent"
        let ssid: String
        enum CodingKeys: String, CodingKey, CaseIterable { case ssid }
    }

    /// `network` is `thread` for a Thread apply, absent for Wi-Fi.
    struct ConfigApplied: JSONEvent {
        static let name = "config_applied"
        let network: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case network }
    }

    struct Warning: JSONEvent {
        static let name = "warning"
        let message: String
        enum CodingKeys: String, CodingKey, CaseIterable { case message }
    }

    struct ThreadScanStarted: JSONEvent {
        static let name = "thread_scan_started"
        typealias CodingKeys = NoFieldKeys
        func encode(to encoder: Encoder) throws {}
    }

    struct ThreadScanResults: JSONEvent {
        static let name = "thread_scan_results"
        let seconds: Double
        let networks: [ThreadNetworkFields]
        enum CodingKeys: String, CodingKey, CaseIterable { case seconds, networks }
    }

    struct ThreadNetworkFields: JSONFields {
        let panID: Int, panIDHex: String, extPanID: String, networkName: String, extAddr: String, channel: Int, rssi: Int, lqi: Int
        enum CodingKeys: String, CodingKey, CaseIterable {
            case panID = "pan_id", panIDHex = "pan_id_hex", extPanID = "ext_pan_id", networkName = "network_name"
            case extAddr = "ext_addr", channel, rssi, lqi
        }

        init(_ network: ThreadNetwork) {
            panID = Int(network.panID)
            panIDHex = network.panIDHex
            extPanID = network.extendedPanIDHex
            networkName = network.networkName
            extAddr = network.extendedAddressHex
            channel = Int(network.channel)
            rssi = Int(network.rssi)
            lqi = Int(network.lqi)
        }
    }

    /// Never the dataset TLVs or the network key.
    struct DatasetSent: JSONEvent {
        static let name = "dataset_sent"
        let channel: Int, panID: Int, panIDHex: String, extPanID: String
        @Nullable var networkName: String?
        let length: Int
        let tlvTypes: [Int]
        enum CodingKeys: String, CodingKey, CaseIterable {
            case channel, panID = "pan_id", panIDHex = "pan_id_hex", extPanID = "ext_pan_id", networkName = "network_name"
            case length, tlvTypes = "tlv_types"
        }
    }

    /// `wifi_status` / `thread_status`: one status answer and the seconds since the apply. The
    /// joined network's key (`connection` / `network`) and whether `attempts_remaining` is written
    /// (Wi-Fi's `connecting` always, null until a retry) come from the network's `StatusWording`.
    struct Status<Joined: ReportedJoin>: JSONEvent {
        static var name: String { Joined.wording.event }
        static var fieldNames: [String] {
            ["state"] + (Joined.wording.reportsAttempts ? ["attempts_remaining"] : [])
                + [Joined.wording.joinedKey, "reason", "reason_code", "since_apply"]
        }
        typealias CodingKeys = JSONKey
        let state: String
        /// Outer nil: not written; inner nil: null.
        var attemptsRemaining: Int??
        var joined: Joined?
        var reason: String?
        var reasonCode: Int?
        let sinceApply: Double

        init<Failure: ReportedFailure>(_ status: NetworkStatus<Joined, Failure>, sinceApply: Double) {
            let words = Joined.wording
            self.sinceApply = sinceApply
            switch status {
            case .joining(let attempts):
                state = words.jsonJoining
                if words.reportsAttempts { attemptsRemaining = .some(attempts.map { Int($0) }) }
            case .joined(let network):
                state = words.jsonJoined
                joined = network
            case .failed(let failure):
                state = "failed"
                reason = failure.reason.json
                reasonCode = failure.reason.code
            case .disconnected:
                state = words.jsonDisconnected
            }
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: JSONKey.self)
            try container.encode(state, forKey: JSONKey("state"))
            if let attemptsRemaining { try container.encode(Nullable(wrappedValue: attemptsRemaining), forKey: JSONKey("attempts_remaining")) }
            try container.encodeIfPresent(joined.map(\.jsonFields), forKey: JSONKey(Joined.wording.joinedKey))
            try container.encodeIfPresent(reason, forKey: JSONKey("reason"))
            try container.encodeIfPresent(reasonCode, forKey: JSONKey("reason_code"))
            try container.encode(sinceApply, forKey: JSONKey("since_apply"))
        }
    }

    /// A joined Wi-Fi network: `wifi_status`'s and the `result`'s `connection`.
    struct Connection: JSONFields {
        let ip: String, ssid: String, bssid: String, channel: Int, auth: String
        enum CodingKeys: String, CodingKey, CaseIterable { case ip, ssid, bssid, channel, auth }
    }

    /// An attached Thread network: `thread_status`'s `network` and the `result`'s `thread_network`.
    struct ThreadAttached: JSONFields {
        let panID: Int, panIDHex: String, extPanID: String, channel: Int, networkName: String
        enum CodingKeys: String, CodingKey, CaseIterable {
            case panID = "pan_id", panIDHex = "pan_id_hex", extPanID = "ext_pan_id", channel, networkName = "network_name"
        }
    }

    /// The provisioning `result`'s own fields: what the run did, and how long it took.
    struct Result: JSONFields {
        /// `provisioned`, `attached`, `reset`, `reprovision` or `session`; absent when the run failed before.
        let outcome: String?
        let connection: Connection?
        let threadNetwork: ThreadAttached?
        let seconds: Seconds
        enum CodingKeys: String, CodingKey, CaseIterable {
            case outcome, connection, threadNetwork = "thread_network", seconds
        }

        struct Seconds: JSONFields {
            let total: Double
            /// When the secure session was up; null when it never was.
            @Nullable var session: Double?
            enum CodingKeys: String, CodingKey, CaseIterable { case total, session }
        }
    }
}
