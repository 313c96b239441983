/// A deadline that passed, as facts a program can act on: what was waited for (`waitedFor`), how
/// long (`limit`), which setting gave that limit (`setBy`) and what the caller can do (`remedies`).
/// `description` words them as esp-prov has always printed them; a front end words the remedies
/// through `rewording(_:)` (`ProvError.rewordingRemedies`).
public struct TimeoutFailure: FailureFacts, Hashable {
    /// What the run was waiting for when its time ran out.
    public enum Wait: Sendable, Hashable {
        /// An answer to a request to `endpoint`, from the service address `peer` where the transport
        /// names one (HTTP; a BLE exchange is with the one connected device).
        case response(endpoint: String, peer: String?)
        /// A BLE connection to the device `name` at `address`.
        case connecting(name: String, address: String)
        /// BlueZ's answer to a call (`doing` says which, e.g. "starting discovery").
        case bluez(doing: String)
        /// The device's scan for networks of this kind to report it had finished.
        case scan(DeviceInfo.Network)
        /// The device to report it had joined the Wi-Fi network `ssid`; `attemptsRemaining` is the
        /// last count it reported, if any.
        case wifiStatus(ssid: String, attemptsRemaining: UInt32?)
        /// The device to report it had attached to the Thread network `network` (named without its key).
        case threadStatus(network: String)
        /// One device of a batch to finish within its own deadline.
        case batchDevice
        /// Work that was cancelled before it finished (`doing`, or a batch's device when nil).
        case cancelled(doing: String?)
        /// Words given by the caller (a front end or a test) instead of facts.
        case described(ProvMessage)
    }

    /// The setting that gave the limit that passed, when the library knows it.
    public enum Setting: Sendable, Hashable {
        /// The HTTP transport's per-request timeout.
        case httpRequestTimeout
        /// The BLE transport's connect timeout.
        case bleConnectTimeout
        /// The BLE transport's per-exchange timeout.
        case bleExchangeTimeout
        /// The provisioning request's status timeout (how long to wait for the device to join).
        case statusTimeout
        /// A batch's per-device deadline.
        case batchDeviceTimeout
    }

    /// What was waited for.
    public let waitedFor: Wait
    /// How long, where the library set or knows the limit.
    public let limit: Duration?
    /// Which setting gave `limit`, where known.
    public let setBy: Setting?
    /// The remedies in a front end's words, once it has worded them (`rewording(_:)`).
    public var remedyWording = RemedyWording()

    /// A timeout with these facts.
    public init(_ waitedFor: Wait, limit: Duration? = nil, setBy: Setting? = nil) {
        (self.waitedFor, self.limit, self.setBy) = (waitedFor, limit, setBy)
    }

    /// A timeout described in a front end's (or a test's) own words.
    public init(_ message: ProvMessage) { self.init(.described(message)) }

    /// The caller's own words, when they describe this timeout.
    public var describedMessage: ProvMessage? { if case .described(let message) = waitedFor { message } else { nil } }

    /// The facts in esp-prov's words, remedies as values.
    public var neutralMessage: ProvMessage {
        let limit = limit ?? .zero
        switch waitedFor {
        case .response(let endpoint, let peer?):
            return "no answer from \(peer) to '\(endpoint)' within \(limit.seconds) s"
        case .response(let endpoint, nil):
            return "no response from '\(endpoint)' within \(limit)"
        case .connecting(let name, let address):
            return "could not connect to \(name) (\(address)) within \(limit)"
        case .bluez(let doing):
            return "BlueZ did not answer \(doing) in time"
        case .scan(let network):
            return "the device's \(network == .thread ? "Thread " : "Wi-Fi ")scan did not finish"
        case .wifiStatus(let ssid, let attemptsRemaining):
            let attempts = attemptsRemaining.map { " (\($0) attempts remaining)" } ?? ""
            return "the device was still connecting to '\(ssid)' after \(limit.components.seconds) s\(attempts); "
                + "\(Remedy.raiseStatusTimeout) or check the access point"
        case .threadStatus(let network):
            return "the device was still attaching to \(network) after \(limit.components.seconds) s; "
                + "\(Remedy.raiseStatusTimeout) (network_provisioning gives up after 20 s)"
        case .batchDevice:
            return "the device did not finish within its deadline of \(limit.components.seconds) s"
        case .cancelled(let doing?):
            return "\(doing) was cancelled"
        case .cancelled(nil):
            return "cancelled before the device finished"
        case .described(let message):
            return message
        }
    }
}
