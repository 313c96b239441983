import WpaCtrl

/// Follows one DPP exchange through the daemon's events and decides when it succeeded or why it
/// failed. Pure state: fed events (from a real daemon or a recorded stream) one by one, so the
/// over-the-air failures that cannot be produced here are still tested on recorded streams.
public struct DPPExchange: Sendable {
    /// What one event meant.
    public enum Step: Equatable, Sendable {
        /// A milestone (`authenticated`, `configuration_requested`, ...), for progress output.
        case progress(String)
        /// A frame went out (`DPP-TX`) or its status came back (`DPP-TX-STATUS`).
        case transmit(destination: String?, frequency: Int?, result: String?)
        /// The configurator side is done (`DPP-CONF-SENT`).
        case configurationSent
        /// The enrollee side received a configuration (details in `received`).
        case configurationReceived
        /// The exchange failed; the failure says why, decoded from the events.
        case failed(DPPFailure)
    }

    /// What an enrollee learned, without the passphrase or PSK (those events are only counted).
    public struct Received: Equatable, Sendable {
        /// The network's SSID (`DPP-CONFOBJ-SSID`), nil until seen.
        public var ssid: String?
        /// The key management it uses (`DPP-CONFOBJ-AKM`: `psk`, `sae`, `dpp`, …).
        public var akm: String?
        /// The network the daemon added (`DPP-NETWORK-ID`), when it adds one (`dpp_config_processing=2`).
        public var networkID: Int?
        /// Whether a passphrase or PSK arrived (`DPP-CONFOBJ-PASS`/`-PSK`); the value is never kept.
        public var hasCredential = false
        /// `DPP-CONNECTOR` (a signed token peers present; not a secret on its own).
        public var connector: String?
        /// `DPP-C-SIGN-KEY`, the configurator's public signing key.
        public var signingKey: String?
    }

    /// Which side this process plays: events mean different things to each.
    public let role: DPPFailure.Role
    /// The peer's URI (configurator side), to name its channels and MAC in failures.
    public let peerURI: DPPURI?
    /// The last milestone reached, named in a failure so the user knows how far it got.
    public private(set) var stage = "start"
    /// Whether any DPP event came at all: none means the daemon never started, not that the peer was silent.
    public private(set) var sawDPPEvent = false
    /// What the enrollee side has learned so far.
    public private(set) var received = Received()
    private var requests = 0
    private var unacknowledged = 0
    private var acknowledged = 0
    private var frequencies: [Int] = []
    private var destination: String?
    private var authenticated = false

    /// A new exchange at `start`, for one side; `peerURI` only on the configurator side.
    public init(role: DPPFailure.Role, peerURI: DPPURI? = nil) {
        self.role = role
        self.peerURI = peerURI
    }

    /// Interprets one event; nil for events of no interest.
    public mutating func consume(_ event: WpaCtrlEvent) -> Step? {
        guard event.name.hasPrefix("DPP-") else { return nil }
        sawDPPEvent = true
        let parameters = event.parameters
        switch event.name {
        case "DPP-TX":
            requests += 1
            destination = parameters["dst"] ?? destination
            if let frequency = parameters["freq"].flatMap(Int.init) { frequencies.append(frequency) }
            return .transmit(destination: parameters["dst"], frequency: parameters["freq"].flatMap(Int.init), result: nil)
        case "DPP-TX-STATUS":
            let result = parameters["result"]
            if result == "no-ACK" { unacknowledged += 1 } else if result != nil { acknowledged += 1 }
            return .transmit(destination: parameters["dst"], frequency: parameters["freq"].flatMap(Int.init), result: result)
        case "DPP-AUTH-SUCCESS":
            authenticated = true
            return advance("authenticated")
        case "DPP-RESPONSE-PENDING":
            return advance("response_pending")
        case "DPP-CONF-REQ-RX":
            return advance("configuration_requested")
        case "DPP-CONF-SENT":
            stage = "configuration_sent"
            return .configurationSent
        case "DPP-CONF-RECEIVED":
            stage = "configuration_received"
            return role == .enrollee ? .configurationReceived : .progress(stage)
        case "DPP-CONFOBJ-AKM": return record(\.akm, event)
        case "DPP-CONFOBJ-SSID": return record(\.ssid, event)
        case "DPP-CONNECTOR": return record(\.connector, event)
        case "DPP-C-SIGN-KEY": return record(\.signingKey, event)
        case "DPP-CONFOBJ-PASS", "DPP-CONFOBJ-PSK", "DPP-NET-ACCESS-KEY":
            received.hasCredential = true
            return nil
        case "DPP-NETWORK-ID":
            received.networkID = Int(event.arguments)
            return received.networkID.map { _ in .progress("network_added") }
        case "DPP-AUTH-INIT-FAILED":
            if unacknowledged > 0 && acknowledged == 0 && !authenticated {
                return .failed(.noAcknowledgement(tries: max(requests, unacknowledged), frequencies: frequencies,
                                                  destination: destination, uri: peerURI))
            }
            return .failed(.authenticationFailed("DPP-AUTH-INIT-FAILED"))
        case "DPP-NOT-COMPATIBLE":
            return .failed(.notCompatible(String(event.arguments)))
        case "DPP-CONF-FAILED":
            return .failed(.configurationFailed("DPP-CONF-FAILED"))
        case "DPP-FAIL":
            let detail = "DPP-FAIL " + String(event.arguments.prefix(80))
            return .failed(authenticated ? .configurationFailed(detail) : .authenticationFailed(detail))
        default:
            return nil
        }
    }

    /// The failure for a deadline that passed before the end.
    public func deadlinePassed(after waited: Duration, tcp: String?) -> DPPFailure {
        if !sawDPPEvent { return .silence(waited: waited, role: role, tcp: tcp) }
        if requests > 0 && acknowledged == 0 && !authenticated && unacknowledged > 0 {
            return .noAcknowledgement(tries: requests, frequencies: frequencies, destination: destination, uri: peerURI)
        }
        return .stalled(stage: stage, waited: waited)
    }

    private mutating func advance(_ name: String) -> Step {
        stage = name
        return .progress(name)
    }

    /// Keeps an event's text in one field of `received`; such events are no step of their own.
    private mutating func record(_ field: WritableKeyPath<Received, String?>, _ event: WpaCtrlEvent) -> Step? {
        received[keyPath: field] = String(event.arguments)
        return nil
    }
}

extension WpaCtrlEvent {
    /// Events whose text carries a secret in clear (docs/onboarding.md §1): the passphrase, the
    /// PSK, the network access key (a private key).
    public static let secretDPPEvents: Set<Substring> = ["DPP-CONFOBJ-PASS", "DPP-CONFOBJ-PSK", "DPP-NET-ACCESS-KEY"]

    /// The event as it may be shown (`-v`): secret-bearing events keep only their name.
    public var displayText: String {
        Self.secretDPPEvents.contains(name) ? "\(name) <redacted>" : text
    }
}
