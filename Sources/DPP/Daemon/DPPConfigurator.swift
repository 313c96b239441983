import WpaCtrl

/// Where a configurator reaches the enrollee: over the air (the daemon's radio, optionally a
/// negotiation frequency), or DPP's TCP transport to an enrollee running a DPP controller.
public enum DPPPath: Sendable, Equatable {
    /// Over the daemon's radio; a frequency moves the exchange off the channel the URI's listener is on.
    case air(negotiationFrequency: Int?)
    /// DPP's TCP transport to an enrollee's controller (`DPP_CONTROLLER_START`): no radio needed, so tests use it.
    case tcp(address: String, port: Int, negotiationFrequency: Int?)

    /// DPP's registered TCP port.
    public static let defaultTCPPort = 8908
    /// wpa_supplicant/hostapd 2.10 refuse `DPP_AUTH_INIT` over TCP on an interface without a
    /// radio unless a negotiation frequency is given; it means nothing to the TCP exchange itself.
    public static let tcpNegotiationFrequency = 2412

    var arguments: String {
        let negotiation = negotiationFrequency.map { " neg_freq=\($0)" } ?? ""
        switch self {
        case .air:
            return negotiation
        case .tcp(let address, let port, _):
            return " tcp_addr=\(address) tcp_port=\(port)" + negotiation
        }
    }

    /// The `neg_freq=` this path sends (nil: none), so what is reported is what the daemon was told.
    public var negotiationFrequency: Int? {
        switch self {
        case .air(let frequency): return frequency
        case .tcp(_, _, let frequency): return frequency ?? Self.tcpNegotiationFrequency
        }
    }

    /// `ADDR:PORT` for TCP, nil over the air (for messages and JSON).
    public var tcpText: String? {
        guard case .tcp(let address, let port, _) = self else { return nil }
        return "\(address):\(port)"
    }
}

/// The configurator's signing key: a new one per run, or the caller's (hex of its DER private
/// key; a secret), so every connector it signs verifies against the same key.
public enum DPPConfiguratorKey: Sendable {
    /// A fresh key for this run: fine when no connector signed now must match an earlier one.
    case generate
    /// The key of an earlier run (`--configurator_key_file`), so this network's connectors keep verifying.
    case reuse(hexDER: String)
}

/// Adds the configurator to the daemon (undone at the end); returns its id, and its key when
/// `exportKey` asks for it (to save a new key for reuse).
func addConfigurator(_ daemon: DPPDaemon, key: DPPConfiguratorKey, exportKey: Bool) throws -> (id: Int, key: String?) {
    let id: Int
    switch key {
    case .generate: id = try daemon.id("DPP_CONFIGURATOR_ADD")
    case .reuse(let hex): id = try daemon.id("DPP_CONFIGURATOR_ADD key=\(hex)")
    }
    daemon.undo("DPP_CONFIGURATOR_REMOVE \(id)")
    guard exportKey else { return (id, nil) }
    // The key is saved for reuse: refuse anything but hex of a DER (never quoting it: it is secret).
    let exported = try daemon.command("DPP_CONFIGURATOR_GET_KEY \(id)")
    guard !exported.isEmpty, exported.count % 2 == 0, exported.allSatisfy(\.isHexDigit) else {
        throw WpaCtrlError.unexpectedReply(command: "DPP_CONFIGURATOR_GET_KEY", reply: "not a hex key (\(exported.utf8.count) bytes)")
    }
    return (id, exported)
}

/// `esp-prov dpp configure`: the configurator side. Registers the enrollee's URI, adds a
/// configurator, starts authentication and follows the events until `DPP-CONF-SENT`.
public enum DPPConfigurator {
    /// What a finished configurator run reports: the daemon's ids for the peer and the configurator
    /// (its undo already ran), the exported key if asked for, and the exchange as followed.
    public struct Outcome: Sendable {
        /// The daemon's bootstrap id for the enrollee's URI (`DPP_QR_CODE`).
        public let peerID: Int
        /// The daemon's configurator id (`DPP_CONFIGURATOR_ADD`).
        public let configuratorID: Int
        /// The newly generated configurator key, when asked for (a secret: write it to a 0600 file).
        public let exportedKey: String?
        /// The followed exchange: its stage, transmissions and whether the configuration went out.
        public let exchange: DPPExchange
    }

    /// Configures the enrollee of `peer` with `settings` over `path`, within `timeout`; `report` gets
    /// each step as it happens. Throws `DPPFailure` decoded from the events, or the daemon's errors.
    public static func run(
        _ daemon: DPPDaemon, peer: DPPURI, settings: DPPNetworkSettings, path: DPPPath,
        configuratorKey: DPPConfiguratorKey, exportKey: Bool, timeout: Duration,
        report: (DPPExchange.Step) -> Void
    ) throws -> Outcome {
        let started = ContinuousClock.now
        var controllerListens = false
        if case .tcp(let address, let port, _) = path {
            switch DPPControllerProbe.probe(address: address, port: port, timeout: min(timeout, .seconds(5))) {
            case .refused:
                throw DPPFailure.controllerNotReachable(tcp: path.tcpText ?? address, refused: true, reason: "connection refused")
            case .unreachable(let reason):
                throw DPPFailure.controllerNotReachable(tcp: path.tcpText ?? address, refused: false, reason: reason)
            case .listening:
                controllerListens = true
            case .noAnswer:
                break
            }
        }
        let peerID: Int
        do {
            peerID = try daemon.id("DPP_QR_CODE \(peer.text)")
        } catch WpaCtrlError.commandFailed {
            throw DPPFailure.uriRefused
        }
        daemon.undo("DPP_BOOTSTRAP_REMOVE \(peerID)")
        let configurator = try addConfigurator(daemon, key: configuratorKey, exportKey: exportKey)
        if case .air = path { daemon.undo("DPP_STOP_LISTEN") }
        do {
            try daemon.expectOK("DPP_AUTH_INIT peer=\(peerID) configurator=\(configurator.id) \(settings.arguments)\(path.arguments)")
        } catch WpaCtrlError.commandFailed {
            throw DPPFailure.authenticationNotStarted(tcp: path.tcpText)
        }
        var exchange = DPPExchange(role: .configurator, peerURI: peer)
        let deadline = started + timeout
        while let event = try daemon.nextEvent(until: deadline) {
            guard let step = exchange.consume(event) else { continue }
            report(step)
            switch step {
            case .configurationSent:
                return Outcome(peerID: peerID, configuratorID: configurator.id, exportedKey: configurator.key, exchange: exchange)
            case .failed(let failure):
                throw failure
            default:
                continue
            }
        }
        let failure = exchange.deadlinePassed(after: timeout, tcp: path.tcpText)
        if controllerListens, case .silence = failure, let tcp = path.tcpText {
            throw DPPFailure.ignoredByController(tcp: tcp, waited: timeout)
        }
        throw failure
    }
}
