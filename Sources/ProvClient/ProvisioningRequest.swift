/// What a provisioning run should do. Secrets given here are used once and never reported:
/// its description names the goal and which secrets are present, never their values.
public struct ProvisioningRequest: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What the run is for, after the session is established.
    public enum Goal: Sendable, Equatable {
        /// Put the device on a Wi-Fi network; a nil SSID means scan and let the interaction choose.
        case wifi(ssid: String?, passphrase: String?)
        /// Attach a network_provisioning Thread device with this Active Operational Dataset; nil means
        /// scan and let the interaction choose (then ask for the network key). A `.wifi` goal without
        /// an SSID on a Thread device means the same as `.thread(dataset: nil)`.
        case thread(dataset: ThreadOperationalDataset?)
        /// Send a `prov-ctrl` command and stop.
        case control(ControlCommand)
        /// Only establish the session (and send custom data).
        case sessionOnly
    }

    public var goal: Goal
    /// `--sec_ver`; nil lets the device's proto-ver decide.
    public var security: SecurityVersion?
    public var proofOfPossession: String?
    public var username: String?
    public var password: String?
    /// The secrets above as the security layer takes them.
    public var credentials: SecurityCredentials {
        SecurityCredentials(proofOfPossession: proofOfPossession, username: username, password: password)
    }
    /// `--proto_ver`: refuse devices whose version differs.
    public var expectedProtocolVersion: String?
    /// Custom endpoint requests sent after the session, in order.
    public var customRequests: [(endpoint: String, data: [UInt8])]
    /// How long to wait for the Wi-Fi (or Thread attach) outcome after applying the credentials.
    public var statusTimeout: Duration

    public init(
        goal: Goal, security: SecurityVersion? = nil, proofOfPossession: String? = nil, username: String? = nil,
        password: String? = nil, expectedProtocolVersion: String? = nil,
        customRequests: [(endpoint: String, data: [UInt8])] = [], statusTimeout: Duration = .seconds(60)
    ) {
        self.goal = goal
        self.security = security
        self.proofOfPossession = proofOfPossession
        self.username = username
        self.password = password
        self.expectedProtocolVersion = expectedProtocolVersion
        self.customRequests = customRequests
        self.statusTimeout = statusTimeout
    }
}

extension ProvisioningRequest {
    public var description: String {
        let goal: String
        switch self.goal {
        case .wifi(let ssid, let passphrase):
            goal = "wifi(ssid: \(ssid.map { "'\($0)'" } ?? "scan"), passphrase: \(passphrase == nil ? "none" : "set"))"
        case .thread(let dataset): goal = "thread(dataset: \(dataset == nil ? "scan" : "set"))"
        case .control(let command): goal = "control(\(command.rawValue))"
        case .sessionOnly: goal = "sessionOnly"
        }
        let secrets = [("pop", proofOfPossession), ("password", password)].filter { $0.1 != nil }.map(\.0)
        return "ProvisioningRequest(\(goal), security: \(security.map { "\($0.rawValue)" } ?? "auto"), "
            + "secrets set: [\(secrets.joined(separator: ", "))])"
    }

    public var debugDescription: String { description }
}

/// A secret the run needs but was not given.
public enum SecretPrompt: Sendable, Equatable {
    case proofOfPossession
    case username
    case password
    case passphrase(ssid: String, auth: WiFiAuthMode?)
    /// The 16-byte network key of a scanned Thread network, as hex.
    case threadNetworkKey(ThreadNetwork)
    /// A whole dataset as hex (a Thread device that cannot scan).
    case threadDataset
}

/// The user's pick from a scan.
public enum NetworkChoice: Sendable, Equatable {
    case accessPoint(AccessPoint)
    case rescan
    /// A network that did not show up in the scan (hidden SSID).
    case manual(ssid: String)
}

/// The user's pick from a Thread scan.
public enum ThreadNetworkChoice: Sendable, Equatable {
    case network(ThreadNetwork)
    case rescan
}

/// How the run asks the user for what it was not given. The default refuses, naming the flag,
/// so unattended runs fail fast instead of hanging on a prompt.
public struct ProvisioningInteraction: Sendable {
    public var secret: @Sendable (SecretPrompt) async throws -> String
    public var chooseNetwork: @Sendable ([AccessPoint]) async throws -> NetworkChoice
    public var chooseThreadNetwork: @Sendable ([ThreadNetwork]) async throws -> ThreadNetworkChoice

    public init(
        secret: @escaping @Sendable (SecretPrompt) async throws -> String,
        chooseNetwork: @escaping @Sendable ([AccessPoint]) async throws -> NetworkChoice,
        chooseThreadNetwork: @escaping @Sendable ([ThreadNetwork]) async throws -> ThreadNetworkChoice = { _ in
            throw ProvError.missing(.threadNetwork, detail: nil)
        }
    ) {
        self.secret = secret
        self.chooseNetwork = chooseNetwork
        self.chooseThreadNetwork = chooseThreadNetwork
    }

    public static let nonInteractive = ProvisioningInteraction(
        secret: { prompt in throw ProvError.missing(.secret(prompt), detail: nil) },
        chooseNetwork: { _ in throw ProvError.missing(.network, detail: nil) },
        chooseThreadNetwork: { _ in throw ProvError.missing(.threadNetwork, detail: nil) }
    )
}

/// What a run needed from its user and could not get. A fact, not a flag: the CLI names the flag,
/// file and environment variable that supply it; other programs say it their own way.
public enum MissingInput: Sendable, Equatable {
    case secret(SecretPrompt)
    /// Which Wi-Fi network to join (a scan needs someone to choose).
    case network
    /// Which Thread network, or the whole dataset.
    case threadNetwork
}

extension SecretPrompt {
    /// The secret in words, for messages that cannot name a flag.
    public var what: String {
        switch self {
        case .proofOfPossession: return "the proof of possession"
        case .username: return "the security 2 username"
        case .password: return "the security 2 password"
        case .passphrase: return "the Wi-Fi passphrase"
        case .threadNetworkKey, .threadDataset: return "the Thread dataset"
        }
    }
}
