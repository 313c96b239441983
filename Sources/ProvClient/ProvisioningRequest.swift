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

    /// The one thing the run is for; everything else only serves it.
    public var goal: Goal
    /// The scheme the caller asked for; nil lets the device's proto-ver decide.
    public var security: SecurityVersion?
    /// The secrets the caller holds for the security schemes; what is missing is asked for only
    /// when the scheme the device speaks needs it.
    public var credentials: CredentialCandidates
    /// The protocol version the caller expects: refuse devices whose version differs.
    public var expectedProtocolVersion: String?
    /// Custom endpoint requests sent after the session, in order.
    public var customRequests: [(endpoint: String, data: [UInt8])]
    /// How long to wait for the Wi-Fi (or Thread attach) outcome after applying the credentials.
    public var statusTimeout: Duration

    /// Only the goal is required; the rest defaults to what esp_prov does without flags.
    public init(
        goal: Goal, security: SecurityVersion? = nil, credentials: CredentialCandidates = .none,
        expectedProtocolVersion: String? = nil,
        customRequests: [(endpoint: String, data: [UInt8])] = [], statusTimeout: Duration = .seconds(60)
    ) {
        self.goal = goal
        self.security = security
        self.credentials = credentials
        self.expectedProtocolVersion = expectedProtocolVersion
        self.customRequests = customRequests
        self.statusTimeout = statusTimeout
    }
}

extension ProvisioningRequest {
    /// Safe to log: says which secrets are set, never their values.
    public var description: String {
        let goal: String
        switch self.goal {
        case .wifi(let ssid, let passphrase):
            goal = "wifi(ssid: \(ssid.map { "'\($0)'" } ?? "scan"), passphrase: \(passphrase == nil ? "none" : "set"))"
        case .thread(let dataset): goal = "thread(dataset: \(dataset == nil ? "scan" : "set"))"
        case .control(let command): goal = "control(\(command.rawValue))"
        case .sessionOnly: goal = "sessionOnly"
        }
        return "ProvisioningRequest(\(goal), security: \(security.map { "\($0.rawValue)" } ?? "auto"), "
            + "secrets set: [\(credentials.heldSecrets.joined(separator: ", "))])"
    }

    /// Same as `description`, so `dump` and debuggers cannot leak secrets either.
    public var debugDescription: String { description }
}

/// A secret the run needs but was not given.
public enum SecretPrompt: Sendable, Equatable {
    /// The device needs a PoP (security 1 without `no_pop`).
    case proofOfPossession
    /// Security 2 needs a username.
    case username
    /// Security 2 needs a password.
    case password
    /// The chosen network is not open; `auth` lets a prompt say which security it uses.
    case passphrase(ssid: String, auth: WiFiAuthMode?)
    /// The 16-byte network key of a scanned Thread network, as hex.
    case threadNetworkKey(ThreadNetwork)
    /// A whole dataset as hex (a Thread device that cannot scan).
    case threadDataset
}

/// The user's pick from a scan.
public enum NetworkChoice: Sendable, Equatable {
    /// One of the scanned networks.
    case accessPoint(AccessPoint)
    /// Scan again (esp_prov's 0).
    case rescan
    /// A network that did not show up in the scan (hidden SSID).
    case manual(ssid: String)
}

/// The user's pick from a Thread scan.
public enum ThreadNetworkChoice: Sendable, Equatable {
    /// One of the scanned Thread networks.
    case network(ThreadNetwork)
    /// Scan again.
    case rescan
}

/// How the run asks the user for what it was not given. The default refuses with a `ProvError.missing`
/// fact (the CLI names the flag), so unattended runs fail fast instead of hanging on a prompt.
public struct ProvisioningInteraction: Sendable {
    /// Answers a `SecretPrompt`; the CLI reads the terminal without echo.
    public var secret: @Sendable (SecretPrompt) async throws -> String
    /// Picks a network from a Wi-Fi scan (the CLI shows esp_prov's table).
    public var chooseNetwork: @Sendable ([AccessPoint]) async throws -> NetworkChoice
    /// Picks a network from a Thread scan.
    public var chooseThreadNetwork: @Sendable ([ThreadNetwork]) async throws -> ThreadNetworkChoice

    /// Thread choice defaults to refusing, since most callers never provision Thread devices.
    public init(
        secret: @escaping @Sendable (SecretPrompt) async throws -> String,
        chooseNetwork: @escaping @Sendable ([AccessPoint]) async throws -> NetworkChoice,
        chooseThreadNetwork: @escaping @Sendable ([ThreadNetwork]) async throws -> ThreadNetworkChoice = { _ in
            throw ProvError.missing(.threadNetwork, guess: nil)
        }
    ) {
        self.secret = secret
        self.chooseNetwork = chooseNetwork
        self.chooseThreadNetwork = chooseThreadNetwork
    }

    /// For batches, CI and tests: anything missing is a `ProvError.missing` fact (the CLI names the flag), never a prompt.
    public static let nonInteractive = ProvisioningInteraction(
        secret: { prompt in throw ProvError.missing(.secret(prompt), guess: nil) },
        chooseNetwork: { _ in throw ProvError.missing(.network, guess: nil) },
        chooseThreadNetwork: { _ in throw ProvError.missing(.threadNetwork, guess: nil) }
    )
}

/// What a run needed from its user and could not get. A fact, not a flag: the CLI names the flag,
/// file and environment variable that supply it; other programs say it their own way.
public enum MissingInput: Sendable, Equatable {
    /// A secret the run needs (PoP, username, password, passphrase, Thread key or dataset).
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
