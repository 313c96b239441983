import ProvCrypto
import ProvMessages

/// One provisioning run against one device: negotiate → handshake → operations → result
/// (docs/protocol.md §5.2, without esp_prov's bugs). Progress is reported through `onEvent`;
/// failures are thrown as `ProvError`.
public struct Provisioner: Sendable {
    /// The link to the device, opened by the caller, who also closes it.
    public let transport: any ProvTransport
    /// What to do, with the secrets already in hand or marked as missing.
    public let request: ProvisioningRequest
    /// How to ask for what is missing; non-interactive runs fail instead of waiting.
    public let interaction: ProvisioningInteraction
    let onEvent: @Sendable (ProvEvent) -> Void

    /// `onEvent` gets every step, for human output, JSON lines and logs.
    public init(
        transport: any ProvTransport, request: ProvisioningRequest,
        interaction: ProvisioningInteraction = .nonInteractive,
        onEvent: @escaping @Sendable (ProvEvent) -> Void = { _ in }
    ) {
        self.transport = transport
        self.request = request
        self.interaction = interaction
        self.onEvent = onEvent
    }

    /// The same run as an event stream that finishes with the outcome's error, if any.
    public static func events(
        transport: any ProvTransport, request: ProvisioningRequest, interaction: ProvisioningInteraction = .nonInteractive
    ) -> AsyncThrowingStream<ProvEvent, Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    _ = try await Provisioner(transport: transport, request: request, interaction: interaction) {
                        continuation.yield($0)
                    }.run()
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Runs to the end. The transport is left open; the caller closes it.
    public func run() async throws -> ProvisioningOutcome {
        let info = try await readDeviceInfo()
        try checkNetwork(of: info)
        let session = try await establishSession(info: info)
        if case .control(let command) = request.goal {
            onEvent(.controlSending(command, network: info.network))
            try await session.control(command)
            onEvent(.controlDone(command))
            return .controlDone(command)
        }
        for custom in request.customRequests {
            onEvent(.customSending(endpoint: custom.endpoint))
            let reply = try await session.custom(custom.endpoint, custom.data)
            onEvent(.customReply(endpoint: custom.endpoint, reply: reply))
        }
        switch request.goal {
        case .thread(let dataset): return try await provisionThread(session: session, dataset: dataset)
        case .wifi where info.network == .thread: return try await provisionThread(session: session, dataset: nil)
        default: break
        }
        guard case .wifi(let ssid, let passphrase) = request.goal else { return .sessionEstablished }
        let target = try await chooseNetwork(ssid: ssid, session: session)
        let secret: String
        if let passphrase {
            secret = passphrase
        } else {
            secret = try await interaction.secret(.passphrase(ssid: target.ssid, auth: target.auth))
        }
        let connection = try await provisionWiFi(session: session, ssid: target.ssidBytes, displayName: target.ssid, passphrase: secret)
        onEvent(.provisioned(connection))
        return .provisioned(connection)
    }

    /// Reads `proto-ver` exactly once; its body is ignored by devices but must not be empty.
    private func readDeviceInfo() async throws -> DeviceInfo {
        let reply = try await transport.exchange("proto-ver", Array("---".utf8))
        let info = try DeviceInfo(parsing: reply)
        onEvent(.deviceInfo(info))
        if let expected = request.expectedProtocolVersion, !expected.isEmpty {
            guard info.matches(protocolVersion: expected) else {
                throw ProvError.protocolViolation(ProtocolViolation(.versionMismatch(reported: info.version ?? info.raw, expected: expected)))
            }
            onEvent(.protocolVersionVerified(expected))
        }
        return info
    }

    private func establishSession(info: DeviceInfo) async throws -> Session {
        let plan = try SecurityPlan(requested: request.security, device: info, credentials: request.credentials)
        onEvent(.securityChosen(plan))
        do {
            return try await establishSession(plan: plan, info: info)
        } catch let error as ProvError where plan.isGuess {
            throw error.explainingGuess(plan)
        }
    }

    private func establishSession(plan: SecurityPlan, info: DeviceInfo) async throws -> Session {
        let choice = try await plan.makeScheme(
            from: request.credentials, ask: interaction.secret, note: { [onEvent] in onEvent(.detail($0)) })
        onEvent(.sessionStarting)
        let session = try await Session.establish(
            over: transport, info: info, scheme: choice.scheme, fallback: choice.fallback,
            log: { [onEvent] in onEvent(.detail($0)) })
        onEvent(.sessionEstablished(plan.version))
        return session
    }

    private struct Target {
        let ssidBytes: [UInt8]
        let ssid: String
        let auth: WiFiAuthMode?
    }

    private func chooseNetwork(ssid: String?, session: Session) async throws -> Target {
        if let ssid, !ssid.isEmpty { return Target(ssidBytes: Array(ssid.utf8), ssid: ssid, auth: nil) }
        guard session.info.has("wifi_scan") else {
            throw ProvError.unsupported(Unsupported(.wifiScan))
        }
        while true {
            onEvent(.scanning)
            let started = ContinuousClock.now
            let accessPoints = try await session.scanWiFi(transport: transport.kind) { [onEvent] in onEvent(.detail($0)) }
            onEvent(.scanned(accessPoints, seconds: (ContinuousClock.now - started).seconds))
            switch try await interaction.chooseNetwork(accessPoints) {
            case .accessPoint(let ap): return Target(ssidBytes: ap.ssidBytes, ssid: ap.ssid, auth: ap.auth)
            case .manual(let name): return Target(ssidBytes: Array(name.utf8), ssid: name, auth: nil)
            case .rescan: continue
            }
        }
    }

    private func provisionWiFi(session: Session, ssid: [UInt8], displayName: String, passphrase: String) async throws -> WiFiConnection {
        onEvent(.credentialsSending(ssid: displayName))
        do {
            try await session.setWiFiConfig(ssid: ssid, passphrase: Array(passphrase.utf8))
        } catch let error as ProvError {
            throw error.whileSendingCredentials()
        }
        return try await ProvError.afterCredentialsSent {
            onEvent(.credentialsSent(ssid: displayName))
            onEvent(.applying)
            do {
                try await session.applyWiFiConfig()
            } catch let error as ProvError where error.meansDeviceUnreachable {
                throw ProvError.outcomeUnknown(OutcomeUnknown(.applyUnanswered(error), sent: .wifiCredentials))
            }
            onEvent(.applied)
            return try await StatusPoller(.wifi(ssid: displayName), timeout: request.statusTimeout).wait(session: session) {
                onEvent(.wifiState($0, elapsed: $1))
            }
        }
    }
}

extension ProvError {
    /// Errors that mean the link is gone rather than that the device answered badly: the one rule
    /// behind "outcome unknown" after an apply and behind the batch's retry policy.
    public var meansDeviceUnreachable: Bool {
        switch self {
        case .transport, .closedWithoutResponse, .timeout: return true
        default: return false
        }
    }
}
