import ProvCrypto
import WpaCtrl

/// `esp-prov dpp enroll` and `dpp uri`: the enrollee side. Generates a bootstrap (its URI is what
/// the configurator scans), listens over the air or as a DPP TCP controller, and waits for a
/// configuration. The passphrase/PSK it receives never leaves the daemon through this code.
public enum DPPEnrollee {
    /// The bootstrap's parameters; `keyHex` is a secret (hex of the DER private key).
    public struct Bootstrap: Sendable {
        /// `chan=`: where the enrollee listens, so a configurator does not have to search every channel.
        public var channels: [DPPChannel] = []
        /// `mac=`: the enrollee's address, so the configurator can address it directly.
        public var mac: [UInt8]?
        /// `info=`: free text shown to whoever scans the URI.
        public var info: String?
        /// `key=`: a saved bootstrap key (hex of DER), so a printed QR code stays valid across runs; nil makes one.
        public var keyHex: String?

        /// A bootstrap with the given URI fields; all optional, as in `DPP_BOOTSTRAP_GEN`.
        public init(channels: [DPPChannel] = [], mac: [UInt8]? = nil, info: String? = nil, keyHex: String? = nil) {
            self.channels = channels
            self.mac = mac
            self.info = info
            self.keyHex = keyHex
        }

        var arguments: String {
            var text = "type=qrcode"
            if !channels.isEmpty { text += " chan=" + channels.map(\.description).joined(separator: ",") }
            if let mac { text += " mac=" + hexString(mac, separator: ":") }
            if let info { text += " info=\(info)" }
            if let keyHex { text += " key=\(keyHex)" }
            return text
        }
    }

    /// How the enrollee waits to be found.
    public enum Listen: Sendable, Equatable {
        /// `DPP_LISTEN` on this frequency (MHz): found over the air.
        case air(frequency: Int)
        /// `DPP_CONTROLLER_START` on this port: found by a configurator's TCP transport.
        case tcp(port: Int)
    }

    /// What an enrollee run reports: the configuration it received (never its secret).
    public struct Outcome: Sendable {
        /// The network it learned: SSID, AKM, the daemon's network id; credentials only counted.
        public let received: DPPExchange.Received
    }

    /// Generates the bootstrap and returns its id and URI (validated: the daemon is a peer too).
    /// `keep` leaves it registered in the daemon after the run (`dpp uri`).
    public static func bootstrap(_ daemon: DPPDaemon, _ bootstrap: Bootstrap, keep: Bool) throws -> (id: Int, uri: DPPURI) {
        let id = try daemon.id("DPP_BOOTSTRAP_GEN \(bootstrap.arguments)")
        if !keep { daemon.undo("DPP_BOOTSTRAP_REMOVE \(id)") }
        let text = try daemon.command("DPP_BOOTSTRAP_GET_URI \(id)")
        do {
            return (id, try DPPURI(parsing: text))
        } catch {
            throw WpaCtrlError.unexpectedReply(command: "DPP_BOOTSTRAP_GET_URI", reply: "\(error)")
        }
    }

    /// Starts listening (undone when the run ends). Call it before the URI is shown: a configurator
    /// that reads the URI may start at once, and over TCP a controller not yet started refuses it.
    /// With `restartingController`, a TCP controller already running in the daemon (left by a run
    /// that was SIGKILLed) is stopped first (`DPP_CONTROLLER_STOP`): the daemon runs one at most.
    public static func startListening(_ daemon: DPPDaemon, _ listen: Listen, restartingController: Bool = false) throws {
        switch listen {
        case .air(let frequency):
            try daemon.expectOK("DPP_LISTEN \(frequency) role=enrollee")
            daemon.undo("DPP_STOP_LISTEN")
        case .tcp(let port):
            if restartingController { _ = try daemon.command("DPP_CONTROLLER_STOP") }
            do {
                try daemon.expectOK("DPP_CONTROLLER_START tcp_port=\(port) role=enrollee")
            } catch WpaCtrlError.commandFailed {
                throw DPPFailure.controllerNotStarted(port: port)
            }
            daemon.undo("DPP_CONTROLLER_STOP")
        }
    }

    /// Waits, listening as `startListening` began, for a configuration (or a failure, or the deadline).
    public static func receive(
        _ daemon: DPPDaemon, listen: Listen, timeout: Duration, report: (DPPExchange.Step) -> Void
    ) throws -> Outcome {
        let started = ContinuousClock.now
        var exchange = DPPExchange(role: .enrollee)
        var deadline = started + timeout
        var configured = false
        while let event = try daemon.nextEvent(until: deadline) {
            if let step = exchange.consume(event) {
                report(step)
                switch step {
                case .configurationReceived:
                    configured = true
                    // The configuration objects and the network id follow within milliseconds.
                    deadline = min(deadline, ContinuousClock.now + Self.detailsGrace)
                case .failed(let failure):
                    throw failure
                default:
                    break
                }
            }
            if configured && isComplete(exchange.received, kind: daemon.kind) { break }
        }
        if configured { return Outcome(received: exchange.received) }
        let transport: String?
        if case .tcp(let port) = listen { transport = "TCP port \(port)" } else { transport = nil }
        throw exchange.deadlinePassed(after: timeout, tcp: transport)
    }

    /// wpa_supplicant ends with the network it added (`DPP-NETWORK-ID`, with
    /// `dpp_config_processing=2`); hostapd adds none and reports the connector before the
    /// credential, so the credential is its last detail. Anything else ends at `detailsGrace`.
    static func isComplete(_ received: DPPExchange.Received, kind: DaemonKind) -> Bool {
        guard received.ssid != nil else { return false }
        switch kind {
        case .wpaSupplicant: return received.networkID != nil
        case .hostapd: return received.hasCredential
        }
    }

    /// How long to wait for the configuration's details (SSID, network id) after `DPP-CONF-RECEIVED`.
    static let detailsGrace: Duration = .seconds(1)
}

/// `esp-prov dpp sign`: the configurator signs a configuration for its own daemon
/// (`DPP_CONFIGURATOR_SIGN`), which then holds a connector for that network.
public enum DPPSigner {
    /// How long to wait for events the daemon emitted while handling the sign command, after the
    /// configuration object (they are already queued: this only covers the socket's delivery).
    static let trailingEvents: Duration = .milliseconds(300)

    /// What a sign run reports: the configurator used, its key if asked for, and the configuration
    /// the daemon now holds for its own use.
    public struct Outcome: Sendable {
        /// The daemon's configurator id that signed.
        public let configuratorID: Int
        /// The configurator key, when asked for (a secret: write it to a 0600 file).
        public let exportedKey: String?
        /// The configuration as the daemon received it from itself.
        public let received: DPPExchange.Received
    }

    /// Signs `settings` for the daemon's own network within `timeout`, reporting each step.
    public static func run(
        _ daemon: DPPDaemon, settings: DPPNetworkSettings, configuratorKey: DPPConfiguratorKey, exportKey: Bool,
        timeout: Duration, report: (DPPExchange.Step) -> Void
    ) throws -> Outcome {
        let started = ContinuousClock.now
        let configurator = try addConfigurator(daemon, key: configuratorKey, exportKey: exportKey)
        try daemon.expectOK("DPP_CONFIGURATOR_SIGN configurator=\(configurator.id) \(settings.arguments)")
        var exchange = DPPExchange(role: .enrollee)
        let deadline = started + timeout
        while let event = try daemon.nextEvent(until: deadline) {
            if let step = exchange.consume(event) {
                report(step)
                if case .failed(let failure) = step { throw failure }
            }
            // DPP-NET-ACCESS-KEY is the last event of the configuration object itself; with
            // dpp_config_processing >= 1 wpa_supplicant then adds the network and reports it
            // (DPP-NETWORK-ID: hostap's wpas_dpp_handle_config_obj ends by calling
            // wpas_dpp_process_config), all while handling the command, so those events are
            // already queued: read what is there, briefly, instead of stopping at the key.
            if event.name == "DPP-NET-ACCESS-KEY" && exchange.received.connector != nil {
                while exchange.received.networkID == nil, let queued = try daemon.nextEvent(until: min(deadline, .now + Self.trailingEvents)) {
                    if let step = exchange.consume(queued) { report(step) }
                }
                break
            }
        }
        guard exchange.received.connector != nil else { throw exchange.deadlinePassed(after: timeout, tcp: nil) }
        return Outcome(configuratorID: configurator.id, exportedKey: configurator.key, received: exchange.received)
    }
}
