import ProvClient

/// One device of a batch, fully validated: every value a run needs is here, so a run never has
/// to ask for anything and a manifest mistake is found before any device is contacted.
///
/// Its description names the device and never shows a secret.
public struct BatchDevice: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Position in the manifest (0-based), so reports can be put back in manifest order.
    public var index: Int
    /// Where the device was defined: `devices[3]` or `line 5`.
    public var location: String
    /// Unique within the batch; the key of its report line.
    public var name: String
    /// How the device is reached: `.http` (`softap`/`httpd` in a manifest) or `.ble`, never the console.
    public var transport: TransportKind
    /// SoftAP: `host:port`; BLE: the advertised name.
    public var service: String
    /// nil: decided from the device's `proto-ver`, as a single run does.
    public var security: SecurityVersion?
    /// The PoP and sec2 login, resolved from the manifest (inline, `_env` or `_file`) and its qr;
    /// never printed. The device's `proto-ver` picks the one used, as in a single run.
    public var credentials: CredentialCandidates
    /// Network to join: the device's own or the batch default, required before the run starts.
    public var ssid: String
    /// `""` for an open network.
    public var passphrase: String

    /// Memberwise; the manifest parser is the usual producer, tests the other.
    public init(
        index: Int, location: String, name: String, transport: TransportKind, service: String,
        security: SecurityVersion? = nil, credentials: CredentialCandidates = .none, ssid: String, passphrase: String
    ) {
        self.index = index
        self.location = location
        self.name = name
        self.transport = transport
        self.service = service
        self.security = security
        self.credentials = credentials
        self.ssid = ssid
        self.passphrase = passphrase
    }

    /// The single-device request this entry stands for.
    public func request(statusTimeout: Duration) -> ProvisioningRequest {
        ProvisioningRequest(
            goal: .wifi(ssid: ssid, passphrase: passphrase), security: security, credentials: credentials, statusTimeout: statusTimeout)
    }

    /// The link to open for this device, in the vocabulary every transport shares.
    public func transportSpec(requestTimeout: Duration) -> TransportSpec {
        TransportSpec(kind: transport, service: service, requestTimeout: requestTimeout)
    }

    /// Names the device in logs and reports without any secret.
    public var description: String { "\(name) (\(transport.name) \(service))" }
    /// Adds the manifest location, for debugging a manifest; still no secret.
    public var debugDescription: String { "BatchDevice(\(location): \(description))" }
}
