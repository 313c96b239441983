/// Everything that makes one virtual device differ from another: firmware generation, security,
/// the Wi-Fi (or Thread) world it can see and join, and the timings of the provisioning manager.
///
/// Defaults reproduce the ESP-IDF v5.5 `wifi_prov_mgr` example (security 2 with the example
/// credentials, IV fix present, `prov-ctrl`, `custom-data`) with the manager's own timings
/// (docs/protocol.md §6.4), so a default device behaves like a stock board.
public struct DeviceConfiguration: Sendable {
    /// Which provisioning manager (and so which `proto-ver` text and endpoint set) the device emulates.
    public enum Generation: String, Sendable, CaseIterable {
        /// wifi_provisioning in IDF ≥ v5.0: JSON with `sec_ver` (docs/protocol.md §1.3); `prov-ctrl` from v5.1 (§1.2).
        case v5
        /// wifi_provisioning in IDF v4.x: JSON without `sec_ver`/`sec_patch_ver`, security 0/1 only, no `prov-ctrl`.
        case v4
        /// network_provisioning ≥ 1.0 (`"ver": "netprov-v1.2"`), Wi-Fi or Thread build.
        case netprov
        /// Pre-JSON firmware: `proto-ver` answers a plain string (e.g. `V0.1`) and publishes no capabilities.
        case legacy
    }

    /// The network_provisioning build flavour (the Kconfig choice is exclusive, docs/protocol.md §1.3).
    public enum NetworkType: String, Sendable {
        /// `wifi_prov`, `wifi_scan`; Thread commands answer InvalidArgument.
        case wifi
        /// `thread_prov`, `thread_scan`; Wi-Fi commands answer InvalidArgument.
        case thread
    }

    /// The protocomm security scheme and its secrets (docs/protocol.md §3).
    public enum Security: Sendable {
        /// Security 0: plaintext.
        case sec0
        /// Security 1. `nil` PoP ⇒ the `no_pop` capability and no PoP mixing; an empty (non-nil) PoP
        /// disables the mixing but does not advertise `no_pop` (docs/protocol.md §3.3).
        case sec1(pop: String?)
        /// Security 2: the device stores only salt and verifier (docs/protocol.md §3.4).
        case sec2(salt: [UInt8], verifier: [UInt8])

        /// The number published as `prov.sec_ver` and required in `SessionData.sec_ver`.
        public var version: Int {
            switch self {
            case .sec0: return 0
            case .sec1: return 1
            case .sec2: return 2
            }
        }
    }

    /// A `wifi_prov_mgr_set_app_info` label: published in `proto-ver` before `prov` (docs/protocol.md §1.3).
    public struct AppInfo: Sendable, Equatable {
        /// The JSON key the label appears under.
        public var label: String
        /// Its `ver`.
        public var version: String
        /// Its `cap` array.
        public var capabilities: [String]

        /// Capabilities default to none, as most applications register them.
        public init(label: String, version: String, capabilities: [String] = []) {
            self.label = label
            self.version = version
            self.capabilities = capabilities
        }
    }

    /// A network the device knows the password of (what `--network SSID:PASSWORD` declares).
    public struct KnownNetwork: Sendable, Equatable {
        /// Raw bytes, since SSIDs need not be UTF-8.
        public var ssid: [UInt8]
        /// The passphrase that joins it; anything else fails with AuthError. A secret, never logged.
        public var password: [UInt8]

        /// From raw bytes, for non-UTF-8 SSIDs.
        public init(ssid: [UInt8], password: [UInt8]) {
            self.ssid = ssid
            self.password = password
        }

        /// From text, the usual case (`--network SSID:PASSWORD`).
        public init(ssid: String, password: String) {
            self.init(ssid: Array(ssid.utf8), password: Array(password.utf8))
        }
    }

    /// Decides the `proto-ver` text, endpoints and security schemes on offer.
    public var generation: Generation
    /// Only meaningful for `.netprov`; the other generations are Wi-Fi only.
    public var networkType: NetworkType
    /// Scheme and secrets the device checks clients against.
    public var security: Security
    /// Whether the firmware contains the sec2 IV fix (docs/protocol.md §3.4): then `proto-ver` publishes `sec_patch_ver`
    /// (1 for sec2, 0 otherwise) and sec2 uses the 12-byte counter nonce; without it, sec2 uses one
    /// static 16-byte IV and `sec_patch_ver` is absent. Ignored by `.v4` and `.legacy`.
    public var hasSec2IVFix: Bool
    /// The `proto-ver` answer of a `.legacy` device.
    public var legacyVersionString: String
    /// Extra `proto-ver` labels, to test that clients find `prov` among others.
    public var appInfo: [AppInfo]
    /// Whether `prov-ctrl` exists (IDF ≥ v5.1 and network_provisioning); always absent for v4/legacy.
    public var provCtrl: Bool
    /// Application endpoints registered after the manager's own, in creation order; each answers `SUCCESS\0`.
    public var customEndpoints: [String]

    // Wi-Fi world.
    /// What a scan finds (any order; the device sorts by RSSI). Also gives BSSID/channel/auth of a join.
    public var scanResults: [ScanEntry]
    /// Networks a join can succeed on; an SSID in range but not here fails with AuthError.
    public var knownNetworks: [KnownNetwork]
    /// The address reported in `WifiConnectedState.ip4_addr` once connected.
    public var ipAddress: String
    /// `CONFIG_WIFI_PROV_SCAN_MAX_ENTRIES` (default 16, range 1–255).
    public var scanMaxEntries: Int
    /// How long one scan runs; a blocking ScanStart answers only after it (docs/protocol.md §6.3).
    public var scanDuration: Duration
    /// `wifi_prov_conn_cfg.wifi_conn_attempts`: 0 = feature off (docs/protocol.md §6.1).
    public var wifiConnectionAttempts: Int
    /// Time between a failed connection attempt and the result of the next one.
    public var attemptInterval: Duration

    // Thread world (netprov + .thread).
    /// What a Thread scan finds.
    public var threadScanResults: [ThreadScanEntry]
    /// The operational dataset (TLVs) the device can attach with; nil = no Thread network is joinable.
    public var acceptedThreadDataset: [UInt8]?
    /// Time from ApplyThreadConfig to the attach result (success or DatasetInvalid).
    public var attachDelay: Duration
    /// Time from ApplyThreadConfig to AttachingFailed/ThreadNetworkNotFound (NP: 20 s).
    public var attachTimeout: Duration

    // Manager timings (docs/protocol.md §6.4).
    /// The manager's 1 s timer between the ApplyConfig response and `esp_wifi_connect()`.
    public var connectDelay: Duration
    /// Whether the service stops itself after success (`wifi_prov_mgr_disable_auto_stop()` not called).
    public var autoStop: Bool
    /// Stop delay after the first GetStatus that reported Connected (`cleanup_delay`, ≥ 100 ms on a board).
    public var cleanupDelay: Duration
    /// Stop after connecting when GetStatus is never polled (`CONFIG_WIFI_PROV_AUTOSTOP_TIMEOUT`, 30 s).
    public var autoStopTimeout: Duration

    /// Misbehaviour for robustness tests; none by default (a stock board).
    public var faults = DeviceFaults()

    /// Defaults are the stock IDF v5.5 example board (see the type's comment).
    public init(
        generation: Generation = .v5,
        networkType: NetworkType = .wifi,
        security: Security = .sec2(salt: ExampleCredentials.salt, verifier: ExampleCredentials.verifier),
        hasSec2IVFix: Bool = true,
        legacyVersionString: String = "V0.1",
        appInfo: [AppInfo] = [],
        provCtrl: Bool = true,
        customEndpoints: [String] = ["custom-data"],
        scanResults: [ScanEntry] = ScanEntry.defaultList,
        knownNetworks: [KnownNetwork] = [KnownNetwork(ssid: "HomeNet", password: "secret123")],
        ipAddress: String = "192.168.1.42",
        scanMaxEntries: Int = 16,
        scanDuration: Duration = .milliseconds(500),
        wifiConnectionAttempts: Int = 0,
        attemptInterval: Duration = .seconds(1),
        threadScanResults: [ThreadScanEntry] = ThreadScanEntry.defaultList,
        acceptedThreadDataset: [UInt8]? = ThreadDataset.exampleTLVs,
        attachDelay: Duration = .seconds(1),
        attachTimeout: Duration = .seconds(20),
        connectDelay: Duration = .seconds(1),
        autoStop: Bool = true,
        cleanupDelay: Duration = .milliseconds(1000),
        autoStopTimeout: Duration = .seconds(30)
    ) {
        self.generation = generation
        self.networkType = networkType
        self.security = security
        self.hasSec2IVFix = hasSec2IVFix
        self.legacyVersionString = legacyVersionString
        self.appInfo = appInfo
        self.provCtrl = provCtrl
        self.customEndpoints = customEndpoints
        self.scanResults = scanResults
        self.knownNetworks = knownNetworks
        self.ipAddress = ipAddress
        self.scanMaxEntries = scanMaxEntries
        self.scanDuration = scanDuration
        self.wifiConnectionAttempts = wifiConnectionAttempts
        self.attemptInterval = attemptInterval
        self.threadScanResults = threadScanResults
        self.acceptedThreadDataset = acceptedThreadDataset
        self.attachDelay = attachDelay
        self.attachTimeout = attachTimeout
        self.connectDelay = connectDelay
        self.autoStop = autoStop
        self.cleanupDelay = cleanupDelay
        self.autoStopTimeout = autoStopTimeout
    }

    /// Whether the device runs the Thread half of network_provisioning.
    public var isThread: Bool { generation == .netprov && networkType == .thread }

    /// Whether `prov-ctrl` is registered: never on v4/legacy firmware (docs/protocol.md §7).
    public var hasProvCtrl: Bool { provCtrl && (generation == .v5 || generation == .netprov) }

    /// Whether `prov-scan` is registered: wifi_provisioning always has it; the legacy firmware the
    /// `.legacy` generation stands for publishes no `wifi_scan` capability, so it has none.
    public var hasProvScan: Bool { generation != .legacy }

    /// The sec2 IV mode this device uses: the counter nonce needs the IV fix, which v4/legacy cannot have.
    public var usesSec2CounterNonce: Bool { hasSec2IVFix && (generation == .v5 || generation == .netprov) }

    /// Rejects combinations no real firmware has, so a CLI can say what is wrong before starting.
    public func validate() throws {
        switch generation {
        case .v4, .legacy:
            if case .sec2 = security { throw DeviceConfigurationError.securityNotSupported(generation: generation, version: 2) }
        case .v5, .netprov:
            break
        }
        if case .sec2(let salt, let verifier) = security {
            if salt.isEmpty { throw DeviceConfigurationError.invalidSec2Credentials("empty salt") }
            if verifier.isEmpty || verifier.count > 384 { throw DeviceConfigurationError.invalidSec2Credentials("verifier must be 1…384 bytes") }
        }
        if !(1...255).contains(scanMaxEntries) { throw DeviceConfigurationError.invalidValue("scan max entries must be 1…255") }
        if wifiConnectionAttempts < 0 { throw DeviceConfigurationError.invalidValue("connection attempts must be ≥ 0") }
        if cleanupDelay < .milliseconds(100) { throw DeviceConfigurationError.invalidValue("cleanup delay must be ≥ 100 ms") }
        var seen = Set(VirtualDevice.managerEndpointNames)
        for name in customEndpoints {
            if name.isEmpty || !seen.insert(name).inserted {
                throw DeviceConfigurationError.invalidValue("duplicate or empty endpoint name '\(name)'")
            }
        }
        for entry in scanResults where entry.ssid.count > 32 || entry.bssid.count != 6 {
            throw DeviceConfigurationError.invalidValue("scan entry needs an SSID ≤ 32 bytes and a 6-byte BSSID")
        }
        try faults.validate(security: security)
    }
}

/// A configuration no real firmware has.
public enum DeviceConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The generation predates that scheme (v4 and legacy have no security 2).
    case securityNotSupported(generation: DeviceConfiguration.Generation, version: Int)
    /// Salt or verifier unusable: an empty salt, or a verifier not 1…384 bytes.
    case invalidSec2Credentials(String)
    /// Any other setting out of the range real firmware allows.
    case invalidValue(String)

    /// Names the setting and the rule, for `esp-prov-device`'s usage errors.
    public var description: String {
        switch self {
        case .securityNotSupported(let generation, let version):
            return "security \(version) does not exist on \(generation.rawValue) firmware"
        case .invalidSec2Credentials(let why):
            return "invalid security 2 credentials: \(why)"
        case .invalidValue(let why):
            return why
        }
    }
}
