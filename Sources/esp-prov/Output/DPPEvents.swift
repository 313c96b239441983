/// The `--json` lines of `esp-prov dpp` (README, "JSON output"), written through `DPPSession`.
enum DPPEvents {
    /// The daemon the run talks to; `dpp_version` is null on hostapd.
    struct Daemon: JSONEvent {
        static let name = "daemon"
        let socket: String, kind: String
        @Nullable var dppVersion: Int?
        enum CodingKeys: String, CodingKey, CaseIterable { case socket, kind, dppVersion = "dpp_version" }
    }

    /// `dpp configure`: the enrollee's URI.
    struct Peer: JSONEvent {
        static let name = "peer"
        let pkhash: String
        let channels: [String]
        @Nullable var mac: String?
        @Nullable var version: Int?
        enum CodingKeys: String, CodingKey, CaseIterable { case pkhash, channels, mac, version }
    }

    /// `dpp configure`: authentication was asked for, over the air or TCP.
    struct AuthStarted: JSONEvent {
        static let name = "auth_started"
        let path: String
        @Nullable var tcp: String?
        @Nullable var negFreq: Int?
        let conf: String, ssid: String
        enum CodingKeys: String, CodingKey, CaseIterable { case path, tcp, negFreq = "neg_freq", conf, ssid }
    }

    /// A frame over the air (`result` null) or its status.
    struct Transmit: JSONEvent {
        static let name = "tx"
        @Nullable var dst: String?
        @Nullable var freq: Int?
        @Nullable var result: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case dst, freq, result }
    }

    struct Progress: JSONEvent {
        static let name = "progress"
        let stage: String
        enum CodingKeys: String, CodingKey, CaseIterable { case stage }
    }

    /// `dpp enroll`: the generated bootstrap; also `dpp uri`'s `result` fields (the bootstrap kept in the daemon).
    struct Bootstrap: JSONEvent {
        static let name = "bootstrap"
        let id: Int, uri: String, pkhash: String
        enum CodingKeys: String, CodingKey, CaseIterable { case id, uri, pkhash }
    }

    /// `dpp enroll`: listening over the air (`freq`) or as a TCP controller (`tcp_port`).
    struct Listening: JSONEvent {
        static let name = "listening"
        let path: String
        @Nullable var tcpPort: Int?
        @Nullable var freq: Int?
        enum CodingKeys: String, CodingKey, CaseIterable { case path, tcpPort = "tcp_port", freq }
    }

    /// `dpp configure`'s `result` fields.
    struct ConfigureResult: JSONFields {
        let ssid: String, conf: String, pkhash: String
        enum CodingKeys: String, CodingKey, CaseIterable { case ssid, conf, pkhash }
    }

    /// `dpp enroll`'s `result` fields: never the passphrase or PSK; `network_id` null when the daemon added none.
    struct EnrollResult: JSONFields {
        @Nullable var ssid: String?
        @Nullable var akm: String?
        @Nullable var networkID: Int?
        let credentialReceived: Bool
        let pkhash: String
        enum CodingKeys: String, CodingKey, CaseIterable {
            case ssid, akm, networkID = "network_id", credentialReceived = "credential_received", pkhash
        }
    }

    /// `dpp sign`'s `result` fields.
    struct SignResult: JSONFields {
        let ssid: String, conf: String, connector: String
        @Nullable var networkID: Int?
        enum CodingKeys: String, CodingKey, CaseIterable { case ssid, conf, connector, networkID = "network_id" }
    }
}
