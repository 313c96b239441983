import ProvMessages

/// The device answered a command with a failure status, or reported that it gave up joining, as
/// facts a program can act on: which command (`command`), the status or failure reason it gave
/// (`status`) and what the caller can do (`remedies`). `description` words them as esp-prov has
/// always printed them; a front end words the remedies through `rewording(_:)`.
public struct DeviceRefusal: FailureFacts, Hashable {
    /// What the device refused.
    public enum Command: Sendable, Hashable {
        /// Storing the Wi-Fi credentials (`CmdSetConfig`).
        case setWiFiConfig
        /// Joining with the stored credentials (`CmdApplyConfig`).
        case applyWiFiConfig
        /// Reporting its Wi-Fi state (`CmdGetStatus`).
        case wifiStatus
        /// Storing the Thread dataset (`CmdSetThreadConfig`).
        case setThreadConfig
        /// Attaching with the stored dataset (`CmdApplyThreadConfig`).
        case applyThreadConfig
        /// Reporting its Thread state (`CmdGetThreadStatus`).
        case threadStatus
        /// A scan for networks of this kind.
        case scan(DeviceInfo.Network)
        /// A `prov-ctrl` command on a device that provisions this kind of network.
        case control(ControlCommand, DeviceInfo.Network)
        /// Joining the Wi-Fi network `ssid`: the device reported a failure reason it does not name.
        case joiningWiFi(ssid: String)
        /// Joining Wi-Fi: the device kept reporting "disconnected" without a reason.
        case staysDisconnected
        /// Words given by the caller (a front end or a test) instead of facts.
        case described(ProvMessage)
    }

    /// What the device refused.
    public let command: Command
    /// The status code it answered (the failure reason for `joiningWiFi`); nil where it gave none.
    public let status: Int?
    /// The remedies in a front end's words, once it has worded them (`rewording(_:)`).
    public var remedyWording = RemedyWording()

    /// A refusal of `command` with the device's `status`.
    public init(_ command: Command, status: Int? = nil) { (self.command, self.status) = (command, status) }

    /// A refusal described in a front end's (or a test's) own words.
    public init(_ message: ProvMessage) { self.init(.described(message)) }

    /// The caller's own words, when they describe this refusal.
    public var describedMessage: ProvMessage? { if case .described(let message) = command { message } else { nil } }

    /// The facts in esp-prov's words, remedies as values.
    public var neutralMessage: ProvMessage {
        let status = status.map(String.init) ?? "none"
        let invalidArgument = self.status == Status.invalidArgument.rawValue
        switch command {
        case .setWiFiConfig:
            return "Error in send Wi-Fi config: the device answered status \(status)"
                + (invalidArgument ? " (invalid argument: SSID or passphrase too long?)" : "")
        case .applyWiFiConfig:
            return "Error in apply Wi-Fi config: the device answered status \(status) "
                + "(credentials were already applied, or none were stored; \(Remedy.resetDevice) or reboot it)"
        case .wifiStatus:
            return "device could not report its Wi-Fi state (status \(status))"
        case .setThreadConfig:
            return "Error in send Thread config: the device answered status \(status)"
                + (invalidArgument ? " (invalid argument: not a Thread build, or a dataset over 254 bytes)" : "")
        case .applyThreadConfig:
            return "Error in apply Thread config: the device answered status \(status) "
                + "(a dataset was already applied, or none was stored; \(Remedy.resetDevice) or reboot it)"
        case .threadStatus:
            return "device could not report its Thread state (status \(status))"
        case .scan(.wifi):
            return "Error in scanning Wi-Fi APs: the device answered status \(status)"
        case .scan(.thread):
            return "Error in scanning Thread networks: the device answered status \(status)"
        case .control(let command, let network):
            let why = command == .reset
                ? "a reset is only accepted after a failed \(network == .thread ? "attach" : "connection") attempt"
                : "reprovisioning needs firmware that disabled auto-stop"
            return "device refused \(command.rawValue) (status \(status)): \(why)"
        case .joiningWiFi(let ssid):
            return "the device could not connect to '\(ssid)' (failure reason \(status))"
        case .staysDisconnected:
            return "the device keeps reporting Wi-Fi 'disconnected' without a reason"
        case .described(let message):
            return message
        }
    }
}
