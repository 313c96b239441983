import ArgumentParser
import BuildInfo
import Foundation
import ProvClient
import ProvBlueZ
import ProvConsoleTransport
import OptionValues
import ProvTransports

/// `esp-prov [options]`: esp_prov's command line, flag for flag, plus what CI rigs need.
struct ProvisionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provision",
        abstract: "Provision an ESP device running wifi_provisioning / network_provisioning.",
        discussion: "Secrets can come from files or the environment instead of argv: --pop_file, --sec2_pwd_file, "
            + "--passphrase_file, --dataset_tlvs_file (a path, or - for stdin), ESP_PROV_POP, ESP_PROV_SEC2_PWD, "
            + "ESP_PROV_PASSPHRASE, ESP_PROV_DATASET_TLVS. "
            + "Precedence: flag > file > environment > prompt.")

    @Option(name: [.customLong("transport")], help: "softap, httpd (HTTP), ble or console.")
    var transport: TransportKind?

    @Option(name: [.customLong("service_name"), .customLong("service-name")],
            help: "BLE: the device name. HTTP: host[:port] (default 192.168.4.1:80).")
    var serviceName: String?

    @Option(name: [.customLong("proto_ver"), .customLong("proto-ver")], help: "Refuse devices whose protocol version differs.")
    var protocolVersion: String?

    @Option(name: [.customLong("sec_ver"), .customLong("sec-ver")], help: "Security scheme 0, 1 or 2 (default: what the device says).",
            completion: .list(["0", "1", "2"]))
    var securityVersion: Int?

    @Option(name: [.customLong("pop")], help: "Proof of possession for security 1.")
    var pop: String?

    @Option(name: [.customLong("pop_file"), .customLong("pop-file")], help: "Read the PoP from a file (- for stdin).", completion: .file())
    var popFile: String?

    @Option(name: [.customLong("sec2_username"), .customLong("sec2-username")], help: "Security 2 username.")
    var username: String?

    @Option(name: [.customLong("sec2_pwd"), .customLong("sec2-pwd")], help: "Security 2 password.")
    var password: String?

    @Option(name: [.customLong("sec2_pwd_file"), .customLong("sec2-pwd-file")], help: "Read the security 2 password from a file (- for stdin).", completion: .file())
    var passwordFile: String?

    @Flag(name: [.customLong("sec2_gen_cred"), .customLong("sec2-gen-cred")],
          help: "With --sec_ver 2: print a salt and verifier for firmware and exit (no device contact).")
    var generateCredentials = false

    @Option(name: [.customLong("sec2_salt_len"), .customLong("sec2-salt-len")], help: "Salt length for --sec2_gen_cred \(BoundedInteger<SaltLength>.rangeText).")
    var saltLength = BoundedInteger<SaltLength>(16)

    @Option(name: [.customLong("ssid")], help: "Wi-Fi network to join (default: scan and choose).")
    var ssid: String?

    @Option(name: [.customLong("passphrase")], help: "Wi-Fi passphrase ('' for an open network).")
    var passphrase: String?

    @Option(name: [.customLong("passphrase_file"), .customLong("passphrase-file")], help: "Read the Wi-Fi passphrase from a file (- for stdin).", completion: .file())
    var passphraseFile: String?

    @OptionGroup(title: "Thread (network_provisioning)")
    var threadOptions: ThreadOptions

    @Option(name: [.customLong("custom_data"), .customLong("custom-data")], help: "Text to send to the custom endpoint before the Wi-Fi config.")
    var customData: String?

    @Option(name: [.customLong("custom_endpoint"), .customLong("custom-endpoint")], help: "Endpoint for --custom_data (default custom-data).")
    var customEndpoint = "custom-data"

    @Flag(name: [.customLong("reset")], help: "Reset the device's provisioning state (prov-ctrl) and exit.")
    var reset = false

    @Flag(name: [.customLong("reprov")], help: "Return a provisioned device to provisioning (prov-ctrl) and exit.")
    var reprovision = false

    @Option(name: [.customLong("timeout")], help: "Seconds to wait for the Wi-Fi outcome after applying \(Seconds<Timeout>.rangeText).")
    var timeout = Seconds<Timeout>(60)

    @Option(name: [.customLong("request_timeout"), .customLong("request-timeout")], help: "Seconds to wait for each device reply \(Seconds<Timeout>.rangeText).")
    var requestTimeout = Seconds<Timeout>(30)

    @Flag(name: [.customShort("v"), .customLong("verbose")], help: "Print protocol details (never secrets).")
    var verbose = false

    @OptionGroup var ble: BLEOptions

    @Option(name: [.customLong("wifi_interface"), .customLong("wifi-interface")],
            help: "The Wi-Fi interface that joined the device's SoftAP: runs naming the same interface take turns (a host-wide lock, as BLE runs do on their adapter).")
    var wifiInterface: String?

    @Option(name: [.customLong("deadline")], help: "Seconds the whole run may take, waiting for the adapter included (exit 7 when it passes) \(Seconds<Timeout>.rangeText).")
    var deadline: Seconds<Timeout>?

    @Flag(name: [.customLong("end_with_stdin"), .customLong("end-with-stdin")],
          help: "Secret files given as - are one line of stdin each (PoP, sec2 password, passphrase, dataset); then the end of stdin stops the run like Ctrl-C (for drivers over ssh).")
    var endWithStdin = false

    @Flag(name: [.customLong("no_prompt"), .customLong("no-prompt")],
          help: "Never ask anything, not even on a terminal: a missing value is a usage error naming its flag (also ESP_PROV_NO_PROMPT=1).")
    var noPrompt = false

    @Flag(name: [.customLong("json")], help: "Print one JSON object per line (events, then a result) instead of text.")
    var json = false

    @Option(name: [.customLong("qr")],
            help: "The device's QR payload (JSON, or the jumpstart URL): supplies transport, service name, security, username and PoP/password; flags win.")
    var qr: String?

    @OptionGroup var versionFlag: VersionFlag

    /// What `--sec2_salt_len` takes: what `Sec2Credentials` generates.
    enum SaltLength: IntegerRange {
        static let range = Sec2Credentials.saltLengths
    }

    /// Only `-V` here: ArgumentParser reports a validate() error before an unknown flag, and
    /// `esp-prov --sssid x` must say "Unknown option '--sssid'. Did you mean '--ssid'?", not
    /// "--transport is required". (A check added here, or to an option group's `validate()`, must
    /// name its options in `UsageErrorShortcut.validatedOptions`; CLITests finds any that are missing.)
    func validate() throws {
        try versionFlag.exitIfRequested(program: "esp-prov")
    }

    /// The checks that need the whole command line; run once parsing (unknown flags included) succeeded.
    /// Returns the `--qr` payload, parsed here once for the whole run (nil without `--qr`).
    func validateArguments() throws -> QRPayload? {
        if let securityVersion, !(0...2).contains(securityVersion) {
            throw ValidationError("--sec_ver must be 0, 1 or 2")
        }
        _ = try StdinAnswers.bound(environment: ProcessInfo.processInfo.environment)
        if generateCredentials { return nil }
        let payload = try validatedPayload()
        if reset && reprovision { throw ValidationError("--reset and --reprov cannot be combined") }
        return payload
    }

    func run() async throws {
        guard endWithStdin else { return try await execute() }
        var command = self
        try command.readStdinSecretLines()
        try await command.execute()
    }

    private func execute() async throws {
        let payload = try validateArguments()
        let terminal = Terminal(promptsToStderr: json, answers: try answerSource())
        if generateCredentials {
            guard securityVersion == 2 else { throw ProvError.usage("--sec2_gen_cred needs --sec_ver 2") }
            let user = try username ?? ask(terminal, "Security Scheme 2 - SRP6a Username required: ", flag: "--sec2_username")
            let secret = try resolvedPassword(terminal)
            let credentials = try Sec2Credentials.generate(username: user, password: secret, saltLength: saltLength.value)
            if let warning = Sec2Credentials.ambiguityWarning(username: user, password: secret) {
                StandardStream.error.write(warning + "\n")
            }
            print(credentials.cArrays, terminator: "")
            return
        }
        let reporter = Reporter.make(json: json, verbose: verbose)
        let phase = RunPhase()
        let ending = RunEnding { failure in
            reporter.interrupted(failure)
            return failure
        }
        let interruptHandlers = InterruptHandling.install(phase: phase, ending: ending)
        defer { interruptHandlers.cancel() }
        RunSession.watch(deadline: deadline?.value, stdin: endWithStdin, phase: phase, ending: ending)
        var outcome: ProvisioningOutcome?
        var failure: ProvError?
        var isWiFiGoal = false
        do {
            let request = try provisioningRequest(payload)
            try Preflight.check(request, terminal: terminal)
            switch request.goal {
            case .wifi, .thread: isWiFiGoal = true
            default: break
            }
            guard let spec = transportSpec(payload) else { throw ProvError.usage("--transport is required") }
            let ble = ble  // the lock's body is @Sendable: it takes the BLE options, not the whole command
            outcome = try await adapterLock(spec).withLock {
                let transport = try await ending.opening(spec.service ?? "the device", kind: spec.kind) { pending in
                    try await Self.open(spec, ble: ble, reporter: reporter, terminal: terminal, asking: pending)
                }
                let interaction = InteractivePrompts(terminal: terminal).interaction(enabled: terminal.canAsk)
                do {
                    let outcome = try await Provisioner(
                        transport: transport, request: request, interaction: interaction, onEvent: {
                            phase.observe($0)
                            reporter.report($0.namingFlags)
                        }
                    ).run()
                    await transport.close()
                    return outcome
                } catch {
                    await transport.close()
                    throw error
                }
            }
        } catch let error as ProvError {
            failure = transport == .console ? error.namingFlags.withConsoleHint : error.namingFlags
        } catch {
            failure = .internalError("\(error)")
        }
        guard ending.claimNormalEnd() else {
            // A signal, --deadline or the end of stdin is printing its outcome and exiting.
            await ending.exitWhenEnded()
        }
        reporter.finished(outcome, error: failure, wifiGoal: isWiFiGoal)
        if let failure { throw failure }
    }

    private func provisioningRequest(_ payload: QRPayload?) throws -> ProvisioningRequest {
        let goal: ProvisioningRequest.Goal
        if reset {
            goal = .control(.reset)
        } else if reprovision {
            goal = .control(.reprovision)
        } else if let dataset = try threadOptions.dataset(ssidGiven: ssid != nil) {
            goal = .thread(dataset: dataset)
        } else {
            let passphrase = try SecretSource.passphrase(flag: passphrase, file: passphraseFile).resolve()
            try WiFiCredentialCheck.check(ssid: ssid, passphrase: passphrase)
            goal = .wifi(ssid: ssid, passphrase: passphrase)
        }
        var custom: [(endpoint: String, data: [UInt8])] = []
        if let customData, !customData.isEmpty { custom.append((customEndpoint, Array(customData.utf8))) }
        return ProvisioningRequest(
            goal: goal,
            security: effectiveSecurityVersion(payload).flatMap(SecurityVersion.init(rawValue:)),
            credentials: try credentialCandidates(payload),
            expectedProtocolVersion: protocolVersion,
            customRequests: custom,
            statusTimeout: timeout.duration)
    }

    /// Prompts are answered by the terminal, by stdin's lines, or (with --no_prompt, or when a secret
    /// file is `-` and so owns stdin) by nobody.
    private func answerSource() throws -> AnswerSource {
        if endWithStdin { return .nobody("--end_with_stdin: stdin is the session, not answers") }
        let files = [("--pop_file", popFile), ("--sec2_pwd_file", passwordFile), ("--passphrase_file", passphraseFile),
                     ("--dataset_tlvs_file", threadOptions.datasetTLVsFile)]
        return try AnswerSource.decide(
            noPrompt: noPrompt, stdinSecretFlag: files.first { $0.1 == "-" }?.0, environment: ProcessInfo.processInfo.environment)
    }

    /// Opens `spec` (through the one `TransportSpec.open()`), adding what only a person at a
    /// terminal gets: choosing a BLE device from a list, and the console fallback when BlueZ is
    /// unusable. Those prompts run through `asking`, so an end from outside does not wait for them.
    private static func open(
        _ spec: TransportSpec, ble: BLEOptions, reporter: Reporter, terminal: Terminal, asking: EndingOpen
    ) async throws -> any ProvTransport {
        let log: @Sendable (String) -> Void = { reporter.detail($0) }
        switch spec.kind {
        case .http:
            reporter.started(transport: spec.kind, service: try ServiceAddress(parsing: spec.service).hostHeader)
            return try await spec.open(log: log)
        case .console:
            reporter.started(transport: spec.kind, service: nil)
            // Not spec.open(): with a piped stdin the replies and the prompts' answers share one reader.
            return ConsoleTransport(io: terminal.consoleIO)
        case .ble:
            let name = spec.service
            reporter.started(transport: spec.kind, service: name)
            let prompts = InteractivePrompts(terminal: terminal)
            let chooser: (@Sendable ([DiscoveredDevice]) async throws -> DeviceChoice)? =
                terminal.canAsk ? { @Sendable devices in try asking.whileAsking { try prompts.chooseDevice(devices) } } : nil
            do {
                return try await spec.open(log: log, chooseDevice: chooser)
            } catch ProvError.bluetoothUnavailable(let neutral) {
                let reason = neutral.message.rendered(\.flagWording)
                return try asking.whileAsking {
                    let useConsole = try ble.consoleFallback || (terminal.isInteractive && prompts.offerConsoleFallback(reason))
                    guard useConsole else {
                        throw ProvError.bluetoothUnavailable("\(reason) (or pass --console_fallback for the manual BLE console mode)")
                    }
                    let console = try BLEConsoleTransport(deviceName: name, serviceUUID: ble.serviceUUID, io: terminal.consoleIO)
                    try console.connect()
                    return console
                }
            }
        }
    }

    private func resolvedPassword(_ terminal: Terminal) throws -> String {
        if let value = try SecretSource(flag: password, file: passwordFile, environmentVariable: "ESP_PROV_SEC2_PWD", fileFlagName: "--sec2_pwd_file").resolve() {
            return value
        }
        return try terminal.askHidden("Security Scheme 2 - SRP6a Password required: ", flag: SecretPrompt.password.flagHint)
    }

    private func ask(_ terminal: Terminal, _ prompt: String, flag: String) throws -> String {
        try terminal.ask(prompt, flag: flag)
    }
}

extension ProvError {
    /// With the console transport, garbled replies are almost always copy-paste slips.
    /// After the credentials went out the failure is "outcome unknown" (the device holds them), but a
    /// damaged reply there is just as likely a slip of the hand, so it gets the same hint.
    var withConsoleHint: ProvError {
        let hint: ProvMessage = " (console transport: the reply hex was probably mistyped or cut short)"
        switch self {
        case .protocolViolation(let violation): return .protocolViolation(violation.appending(hint))
        case .outcomeUnknown(let unknown): return .outcomeUnknown(unknown.appending(hint))
        default: return self
        }
    }

    /// Failures reported by the device about the network connection itself (Wi-Fi or Thread attach).
    var isWiFiOutcome: Bool {
        switch self {
        case .wifiAuthFailed, .wifiNetworkNotFound, .timeout, .outcomeUnknown, .threadAttachFailed, .threadNetworkNotFound: return true
        default: return false
        }
    }
}
