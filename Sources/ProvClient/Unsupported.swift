/// The device (or this program) does not offer what a run asked for, as facts a program can act
/// on: which capability is missing (`capability`) and what the caller can do (`remedies`).
/// `description` words them as esp-prov has always printed them; a front end words the remedies
/// through `rewording(_:)`.
public struct Unsupported: FailureFacts, Hashable {
    /// What is missing.
    public enum Capability: Sendable, Hashable {
        /// The device cannot scan for Wi-Fi networks (no `wifi_scan`), and no SSID was given.
        case wifiScan
        /// A Thread dataset was given to a Wi-Fi device (no `thread_prov`), run by `manager`.
        case threadProvisioning(manager: DeviceInfo.Manager)
        /// The device has no `prov-ctrl` endpoint, so it cannot run `command` over the air.
        case control(ControlCommand)
        /// The device has no custom endpoint of this name.
        case customEndpoint(String)
        /// This program cannot open batch devices of this transport.
        case batchTransport(TransportKind)
        /// Words given by the caller (a front end or a test) instead of facts.
        case described(ProvMessage)
    }

    /// What is missing.
    public let capability: Capability
    /// The remedies in a front end's words, once it has worded them (`rewording(_:)`).
    public var remedyWording = RemedyWording()

    /// The device (or program) lacks `capability`.
    public init(_ capability: Capability) { self.capability = capability }

    /// A missing capability described in a front end's (or a test's) own words.
    public init(_ message: ProvMessage) { self.init(.described(message)) }

    /// The caller's own words, when they describe this failure.
    public var describedMessage: ProvMessage? { if case .described(let message) = capability { message } else { nil } }

    /// The facts in esp-prov's words, remedies as values.
    public var neutralMessage: ProvMessage {
        switch capability {
        case .wifiScan:
            return "Wi-Fi Scan List is not supported by provisioning service: \(Remedy.giveSSID)"
        case .threadProvisioning(let manager):
            return "a Thread dataset was given, but the device provisions Wi-Fi (\(manager.rawValue), "
                + "no thread_prov capability): \(Remedy.giveSSIDNotDataset)"
        case .control(let command):
            return "the device has no prov-ctrl endpoint, so it cannot \(command == .reset ? "reset" : "reprovision") "
                + "over the air (it needs ESP-IDF v5.1 or newer firmware)"
        case .customEndpoint(let name):
            return "the device has no '\(name)' endpoint"
        case .batchTransport(.ble):
            return "BLE devices cannot be provisioned in a batch: this build has no BLE transport"
        case .batchTransport:
            return "this program cannot provision SoftAP devices in a batch"
        case .described(let message):
            return message
        }
    }
}
