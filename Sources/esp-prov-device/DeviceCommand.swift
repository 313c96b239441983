import ArgumentParser
import BuildInfo
import Foundation
import OptionValues
import ProvCrypto
import ProcessSignals
import ProvDevice
import ProvPeripheral
import SRP6a

/// `esp-prov-device`: a strict virtual ESP32 provisioning device over HTTP (the SoftAP transport), or
/// over BLE on a real Bluetooth adapter through bluetoothd (`--ble_adapter`, ProvPeripheral).
///
/// With no flags it is the ESP-IDF `wifi_prov_mgr` example over SoftAP with security 2 (`wifiprov` /
/// `abcd1234`, sec_patch_ver 1), a small built-in scan list, and one joinable network `HomeNet` /
/// `secret123`.
@main
struct DeviceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "esp-prov-device",
        abstract: "Run a strict virtual ESP32 Wi-Fi provisioning device over HTTP or BLE.",
        discussion: """
            Prints "listening on HOST:PORT" as the first line of standard output once the server is up
            (with --ble_adapter: "advertising NAME on ADAPTER" once bluetoothd has the GATT application
            and the advertisement).
            Log lines (no secrets) go to standard error.
            """
    )

    @Option(name: .customLong("listen"), help: "HOST:PORT to listen on (port 0 = ephemeral).")
    var listen = "127.0.0.1:8080"

    @Option(name: .customLong("ble_adapter"), help: "Serve over BLE on this Bluetooth adapter (hci0, …) through bluetoothd instead of HTTP.")
    var bleAdapter: String?

    @Option(name: .customLong("ble_name"), help: "Advertised BLE name, at most 29 bytes (default PROV_ and the adapter address's last 3 bytes).")
    var bleName: String?

    @Option(name: .customLong("generation"), help: "Firmware generation: v5, v4, netprov or legacy.")
    var generation = "v5"

    @Option(name: .customLong("network_type"), help: "network_provisioning build: wifi or thread (netprov only).")
    var networkType = "wifi"

    @Option(name: .customLong("sec_ver"), help: "Security scheme \(BoundedInteger<SecuritySchemes>.rangeText).")
    var secVer = BoundedInteger<SecuritySchemes>(2)

    @Option(name: .customLong("pop"), help: "Security 1 proof of possession (absent: no PoP, capability no_pop).")
    var pop: String?

    @Option(name: .customLong("sec2_username"), help: "Security 2 username the verifier is derived for.")
    var sec2Username = ExampleCredentials.username

    @Option(name: .customLong("sec2_pwd"), help: "Security 2 password (derives salt and verifier).")
    var sec2Password: String?

    @Option(name: .customLong("sec2_salt"), help: "Security 2 salt, hex (with --sec2_verifier, or with --sec2_pwd).")
    var sec2Salt: String?

    @Option(name: .customLong("sec2_verifier"), help: "Security 2 verifier, hex (with --sec2_salt).")
    var sec2Verifier: String?

    @Option(name: .customLong("sec_patch_ver"), help: "1: firmware with the sec2 IV fix (counter nonce, published sec_patch_ver); 0: without (static 16-byte IV) \(BoundedInteger<PatchVersions>.rangeText).")
    var secPatchVer = BoundedInteger<PatchVersions>(1)

    @Option(name: .customLong("legacy_version"), help: "proto-ver answer of a legacy device.")
    var legacyVersion = "V0.1"

    @Option(name: .customLong("scan_results"), help: "JSON file: array of {ssid, bssid, channel, rssi, auth}.", completion: .file(extensions: ["json"]))
    var scanResults: String?

    @Option(name: .customLong("scan_max_entries"), help: "CONFIG_WIFI_PROV_SCAN_MAX_ENTRIES \(BoundedInteger<ScanMaxEntries>.rangeText).")
    var scanMaxEntries = BoundedInteger<ScanMaxEntries>(16)

    @Option(name: .customLong("network"), help: "SSID:PASSWORD of a network the device can join (repeatable; split at the first ':').")
    var networks: [String] = []

    @Option(name: .customLong("ip"), help: "IPv4 address reported once connected.")
    var ipAddress = "192.168.1.42"

    @Option(name: .customLong("connect_delay"), help: "Seconds from ApplyConfig to the connection result \(Seconds<Delay>.rangeText).")
    var connectDelay = Seconds<Delay>(1.0)

    @Option(name: .customLong("scan_duration"), help: "Seconds one scan takes \(Seconds<Delay>.rangeText).")
    var scanDuration = Seconds<Delay>(0.5)

    @Option(name: .customLong("wifi_conn_attempts"), help: "wifi_conn_attempts (0 = off): failed attempts before giving up \(BoundedInteger<ConnectionAttempts>.rangeText).")
    var wifiConnAttempts = BoundedInteger<ConnectionAttempts>(0)

    @Option(name: .customLong("attempt_interval"), help: "Seconds between connection attempts \(Seconds<Delay>.rangeText).")
    var attemptInterval = Seconds<Delay>(1.0)

    @Option(name: .customLong("cleanup_delay"), help: "Seconds from the GetStatus that reported success to the stop \(Seconds<Delay>.rangeText).")
    var cleanupDelay = Seconds<Delay>(1.0)

    @Option(name: .customLong("auto_stop_timeout"), help: "Seconds from connecting to the stop when nobody polls \(Seconds<Delay>.rangeText).")
    var autoStopTimeout = Seconds<Delay>(30.0)

    @Flag(name: .customLong("no_auto_stop"), help: "Keep provisioning running after success (allows reprov).")
    var noAutoStop = false

    @Flag(name: .customLong("no_prov_ctrl"), help: "No prov-ctrl endpoint (like IDF v5.0).")
    var noProvCtrl = false

    @Option(name: .customLong("custom_endpoint"), help: "Custom endpoint answering SUCCESS\\0 (repeatable; default custom-data).")
    var customEndpoints: [String] = []

    @Flag(name: .customLong("no_custom_endpoint"), help: "Register no custom endpoint.")
    var noCustomEndpoint = false

    @Option(name: .customLong("thread_scan_results"), help: "JSON file: array of {pan_id, channel, rssi, lqi, ext_addr, network_name, ext_pan_id}.", completion: .file(extensions: ["json"]))
    var threadScanResults: String?

    @Option(name: .customLong("thread_dataset"), help: "Hex TLVs of the Thread dataset the device can attach with.")
    var threadDataset: String?

    @Option(name: .customLong("attach_delay"), help: "Seconds from ApplyThreadConfig to the attach result \(Seconds<Delay>.rangeText).")
    var attachDelay = Seconds<Delay>(1.0)

    @Option(name: .customLong("attach_timeout"), help: "Seconds from ApplyThreadConfig to ThreadNetworkNotFound \(Seconds<Delay>.rangeText).")
    var attachTimeout = Seconds<Delay>(20.0)

    @Flag(name: .customLong("quiet"), help: "No log output.")
    var quiet = false

    @Flag(name: [.customShort("v"), .customLong("verbose")], help: "Log every session and request event.")
    var verbose = false

    @Flag(name: .customLong("exit_after_stop"), help: "Exit with status 0 once the provisioning service has stopped.")
    var exitAfterStop = false

    @OptionGroup var versionFlag: VersionFlag

    func validate() throws {
        try versionFlag.exitIfRequested(program: "esp-prov-device")
    }

    /// A usage error (a value out of range, an unknown flag, a failed check) exits 2, as esp-prov's
    /// do, not swift-argument-parser's 64; everything else as the parser does it.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }

    @OptionGroup(title: "Fault injection (robustness tests; a stock device has none)")
    var faultOptions: FaultOptions

    func run() async throws {
        // Before anything can report a port: a SIGTERM that arrives while the handler is being set up
        // would otherwise be discarded by SIG_IGN, and the device would never stop.
        let signals = SignalWaiter(signals: SignalWatch.interrupts)
        let configuration = try makeConfiguration()
        let device = VirtualDevice(configuration: configuration)
        let logging = quiet ? nil : startLogging(device)
        let stopEvents = await device.events()
        let transport: DeviceTransport
        do {
            transport = try await bleAdapter == nil ? startHTTP(device) : startBLE(device)
        } catch {
            await device.shutdown()
            throw error
        }
        if !quiet { log(summary(configuration, endpoints: device.endpointNames)) }

        await withTaskGroup(of: Void.self) { group in
            group.addTask { await signals.wait() }
            if exitAfterStop {
                group.addTask {
                    for await event in stopEvents where event == .stopped { return }
                }
            }
            await group.next()
            group.cancelAll()
        }
        signals.cancel()
        switch transport {
        case .http(let server): await server.stop()
        case .ble(let peripheral): await peripheral.stop()
        }
        if !quiet { log("requests: \(await device.tally.summary)") }
        await device.shutdown()
        await logging?.value
    }

    /// What serves the device: the SoftAP HTTP server, or a GATT application on a Bluetooth adapter.
    enum DeviceTransport {
        case http(HTTPDeviceServer)
        case ble(BLEPeripheral)
    }

    /// Prints "listening on HOST:PORT" once the server is up.
    private func startHTTP(_ device: VirtualDevice) async throws -> DeviceTransport {
        let (host, port) = try parseListen()
        let server = HTTPDeviceServer(device: device, host: host, port: port)
        let bound: Int
        do {
            bound = try await server.start()
        } catch {
            throw ValidationError("cannot listen on \(listen): \(error)")
        }
        print("listening on \(host):\(bound)")
        fflush(nil)  // stdout among them; the global `stdout` is not concurrency-safe
        return .http(server)
    }

    /// Prints "advertising NAME on ADAPTER" once bluetoothd has the application and the advertisement.
    private func startBLE(_ device: VirtualDevice) async throws -> DeviceTransport {
        let adapter = bleAdapter ?? "hci0"
        if let bleName, bleName.isEmpty || bleName.utf8.count > 29 {
            throw ValidationError("--ble_name must be 1 to 29 bytes (it goes into the 31-byte scan response)")
        }
        let quiet = self.quiet
        let peripheral: BLEPeripheral
        do {
            peripheral = try await BLEPeripheral.start(device: device, adapter: adapter, name: bleName) { line in
                if !quiet { log(line) }
            }
        } catch {
            throw ValidationError("cannot serve BLE on \(adapter): \(error)")
        }
        print("advertising \(peripheral.name) on \(adapter)")
        fflush(nil)  // stdout among them; the global `stdout` is not concurrency-safe
        return .ble(peripheral)
    }

    // MARK: Configuration

    func makeConfiguration() throws -> DeviceConfiguration {
        guard let generation = DeviceConfiguration.Generation(rawValue: generation) else {
            throw ValidationError("--generation must be v5, v4, netprov or legacy")
        }
        guard let networkType = DeviceConfiguration.NetworkType(rawValue: networkType) else {
            throw ValidationError("--network_type must be wifi or thread")
        }
        var configuration = DeviceConfiguration(
            generation: generation,
            networkType: networkType,
            security: try makeSecurity(),
            hasSec2IVFix: secPatchVer.value == 1,
            legacyVersionString: legacyVersion,
            provCtrl: !noProvCtrl,
            customEndpoints: noCustomEndpoint ? [] : (customEndpoints.isEmpty ? ["custom-data"] : customEndpoints),
            ipAddress: ipAddress,
            scanMaxEntries: scanMaxEntries.value,
            scanDuration: scanDuration.duration,
            wifiConnectionAttempts: wifiConnAttempts.value,
            attemptInterval: attemptInterval.duration,
            attachDelay: attachDelay.duration,
            attachTimeout: attachTimeout.duration,
            connectDelay: connectDelay.duration,
            autoStop: !noAutoStop,
            cleanupDelay: cleanupDelay.duration,
            autoStopTimeout: autoStopTimeout.duration
        )
        if let scanResults {
            do {
                configuration.scanResults = try ScanEntry.load(contentsOf: URL(fileURLWithPath: scanResults))
            } catch {
                throw ValidationError("cannot read --scan_results \(scanResults): \(error)")
            }
        }
        if !networks.isEmpty {
            configuration.knownNetworks = try networks.map { spec in
                guard let colon = spec.firstIndex(of: ":") else { throw ValidationError("--network needs SSID:PASSWORD") }
                return .init(ssid: String(spec[..<colon]), password: String(spec[spec.index(after: colon)...]))
            }
        }
        if let threadScanResults {
            do {
                configuration.threadScanResults = try ThreadScanEntry.load(contentsOf: URL(fileURLWithPath: threadScanResults))
            } catch {
                throw ValidationError("cannot read --thread_scan_results \(threadScanResults): \(error)")
            }
        }
        if let threadDataset {
            guard let tlvs = bytes(fromHex: threadDataset), ThreadDataset(tlvs: tlvs) != nil else {
                throw ValidationError("--thread_dataset must be hex TLVs with channel, PAN ID, extended PAN ID and network key")
            }
            configuration.acceptedThreadDataset = tlvs
        }
        configuration.faults = try faultOptions.faults()
        do {
            try configuration.validate()
        } catch {
            throw ValidationError("\(error)")
        }
        return configuration
    }

    private func makeSecurity() throws -> DeviceConfiguration.Security {
        switch secVer.value {
        case 0:
            guard pop == nil else { throw ValidationError("--pop applies to --sec_ver 1 only") }
            return .sec0
        case 1:
            return .sec1(pop: pop)
        case 2:
            guard pop == nil else { throw ValidationError("--pop applies to --sec_ver 1 only") }
            return .sec2(salt: try sec2SaltBytes(), verifier: try sec2VerifierBytes())
        default:
            throw ValidationError("--sec_ver must be 0, 1 or 2")
        }
    }

    private func sec2SaltBytes() throws -> [UInt8] {
        if let sec2Salt {
            guard let salt = bytes(fromHex: sec2Salt), !salt.isEmpty else { throw ValidationError("--sec2_salt must be hex") }
            return salt
        }
        guard sec2Verifier == nil else { throw ValidationError("--sec2_verifier needs --sec2_salt") }
        return ExampleCredentials.salt
    }

    /// Derived from username/password (the example password by default) unless given explicitly.
    private func sec2VerifierBytes() throws -> [UInt8] {
        if let sec2Verifier {
            guard sec2Password == nil else { throw ValidationError("give either --sec2_pwd or --sec2_verifier") }
            guard let verifier = bytes(fromHex: sec2Verifier), !verifier.isEmpty else {
                throw ValidationError("--sec2_verifier must be hex")
            }
            return verifier
        }
        let password = sec2Password ?? ExampleCredentials.password
        let salt = try sec2SaltBytes()
        if sec2Username == ExampleCredentials.username, password == ExampleCredentials.password, salt == ExampleCredentials.salt {
            return ExampleCredentials.verifier
        }
        return try SRPVerifier.verifier(username: Array(sec2Username.utf8), password: Array(password.utf8), salt: salt)
    }

    private func parseListen() throws -> (String, Int) {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
              (0...65535).contains(port), colon != listen.startIndex
        else { throw ValidationError("--listen must be HOST:PORT") }
        var host = String(listen[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, port)
    }

    /// What `--sec_patch_ver` takes.
    enum PatchVersions: IntegerRange {
        static let range = 0...1
    }

    /// What `--scan_max_entries` takes: CONFIG_WIFI_PROV_SCAN_MAX_ENTRIES's range.
    enum ScanMaxEntries: IntegerRange {
        static let range = 1...255
    }

    /// What `--wifi_conn_attempts` takes.
    enum ConnectionAttempts: IntegerRange {
        static let range = 0...255
    }

    // MARK: Logging (standard error, never secrets)

    private func summary(_ configuration: DeviceConfiguration, endpoints: [String]) -> String {
        var security = "security \(configuration.security.version)"
        if case .sec1(let pop) = configuration.security { security += pop == nil ? " (no PoP)" : " (with PoP)" }
        if case .sec2 = configuration.security {
            security += configuration.usesSec2CounterNonce ? " (sec_patch_ver 1)" : " (static IV)"
        }
        var text = "virtual device: \(configuration.generation.rawValue)"
        if configuration.generation == .netprov { text += " \(configuration.networkType.rawValue)" }
        if configuration.faults.isActive { text += " WITH INJECTED FAULTS" }
        return text + ", \(security), endpoints: \(endpoints.joined(separator: ", "))"
    }

    private func startLogging(_ device: VirtualDevice) -> Task<Void, Never> {
        let verbose = self.verbose
        return Task {
            for await event in await device.events() where verbose || Self.isNotable(event) {
                log(event.description)
            }
        }
    }

    private static func isNotable(_ event: DeviceEvent) -> Bool {
        switch event {
        case .sessionOpened, .sessionClosed, .scanStarted, .scanFinished, .wifiConfigReceived, .threadDatasetReceived:
            return false
        default:
            return true
        }
    }
}

func log(_ line: String) {
    FileHandle.standardError.write(Data("[esp-prov-device] \(line)\n".utf8))
}
