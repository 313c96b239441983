import ArgumentParser
import Foundation
import OVSDB
import OptionValues
import OpenSync
import ProcessSignals

/// `esp-prov wps opensync`: a push-button session on an OpenSync AP, which takes WPS requests only
/// through OVSDB. The session is reported as having run and ended, because that is all OpenSync
/// reports: whether a device joined, it does not say.
struct WPSOpenSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opensync",
        abstract: "Start (or --cancel) a WPS push-button session on an OpenSync AP through OVSDB.",
        discussion: "Sets Wifi_VIF_Config wps and wps_pbc together, in one transaction, on the VIFs of --ssid only "
            + "(or --if_name), with --key_id naming which key the device receives; then watches Wifi_VIF_State.wps_pbc "
            + "go true and back to false, and turns wps off again. OpenSync does not report whether a device joined. "
            + "ssl:HOST:PORT is mutual TLS with --ovsdb_cert, --ovsdb_key and --ovsdb_ca (PEM, as ovs-vsctl's --certificate, "
            + "--private-key, --ca-cert): the server's certificate must be signed by --ovsdb_ca; its host name is not checked, "
            + "as OVS does not check host names.")

    @Option(name: [.customLong("ovsdb")], help: "The OVSDB server: unix:PATH, tcp:HOST:PORT or ssl:HOST:PORT.")
    var ovsdb = "unix:/var/run/openvswitch/db.sock"

    @Option(name: [.customLong("ovsdb_cert"), .customLong("ovsdb-cert")],
            help: "ssl: only: our certificate (PEM), issued by the CA the server trusts (ovs-vsctl's --certificate).")
    var ovsdbCert: String?

    @Option(name: [.customLong("ovsdb_key"), .customLong("ovsdb-key")],
            help: "ssl: only: that certificate's private key (PEM, unencrypted; never printed).")
    var ovsdbKey: String?

    @Option(name: [.customLong("ovsdb_ca"), .customLong("ovsdb-ca")],
            help: "ssl: only: the CA certificate (PEM) the server's certificate must be signed by. Host names are not checked, as OVS's own clients do not check them.")
    var ovsdbCA: String?

    @Option(name: [.customLong("ssid")], help: "Start WPS on the VIFs of this SSID.")
    var ssid: String?

    @Option(name: [.customLong("if_name"), .customLong("if-name")], help: "Start WPS on this one interface instead.")
    var ifName: String?

    @Option(name: [.customLong("key_id"), .customLong("key-id")], help: "Which key's PSK the device receives (a key of every target VIF).")
    var keyId: String?

    @Flag(name: [.customLong("cancel")], help: "End a running session instead of starting one, and turn wps off.")
    var cancel = false

    @Option(name: [.customLong("timeout")], help: "Seconds for the whole run: connecting, the session starting and ending \(Seconds<Timeout>.rangeText).")
    var timeout = Seconds<Timeout>(150)

    @Flag(name: [.customLong("json")], help: "One JSON object per line on stdout.")
    var json = false

    @Flag(name: [.customLong("verbose"), .customShort("v")], help: "Also print each step's details (never PSKs).")
    var verbose = false

    func validate() throws {
        guard (ssid == nil) != (ifName == nil) else { throw ValidationError("give exactly one of --ssid and --if_name") }
        if !cancel && (keyId ?? "").isEmpty { throw ValidationError("--key_id is required to start a session") }
    }

    func run() async throws {
        let output = DaemonOutput(json: json)
        let request = OpenSyncRequestToWithdraw()
        let signals = SignalWatch(SignalWatch.interrupts) { number in
            output.interrupted(signal: number) { request.withdraw() }
        }
        defer { signals.cancel(restoringDefaults: true) }
        try await output.finish {
            let endpoint: OVSDBEndpoint
            do {
                endpoint = try OVSDBEndpoint(parsing: ovsdb)
            } catch let error as OVSDBError {
                throw CommandFailure(.usage, "--ovsdb: \(error)")
            }
            let credentials = try tlsCredentials(for: endpoint)
            output.weakSecurityNote()
            let target: OpenSyncTarget = ssid.map { .ssid($0) } ?? .ifName(ifName ?? "")
            request.set(endpoint: endpoint, credentials: credentials, target: target)
            let deadline = timeout.duration
            let runDeadline = ContinuousClock.now + deadline  // --timeout bounds the whole run, connecting included
            let connection: OVSDBConnection
            do {
                connection = try await OVSDBConnection.connect(
                    to: endpoint, credentials: credentials, timeout: min(deadline, .seconds(10)))
            } catch {
                throw Self.failure(error)
            }
            let outcome: Result<(text: String, fields: any JSONFields), Error>
            do {
                outcome = .success(try await session(on: connection, endpoint: endpoint, target: target, deadline: max(runDeadline - .now, .milliseconds(1)),
                                                   output: output, request: request))
            } catch {
                outcome = .failure(error)
            }
            await connection.close()
            return try outcome.mapError { Self.failure($0, cancelling: cancel) }.get()
        }
    }

    /// The `ssl:` certificates, read and checked before any contact: all three flags for `ssl:`,
    /// none for the other schemes; a missing, unreadable or non-PEM file is named with its flag.
    private func tlsCredentials(for endpoint: OVSDBEndpoint) throws -> OVSDBTLSCredentials? {
        let flags = [("--ovsdb_cert", ovsdbCert), ("--ovsdb_key", ovsdbKey), ("--ovsdb_ca", ovsdbCA)]
        guard endpoint.usesTLS else {
            let given = flags.filter { $0.1 != nil }.map(\.0)
            guard given.isEmpty else {
                throw CommandFailure(.usage, "\(given.joined(separator: ", ")) only go with an ssl: --ovsdb endpoint, not \(endpoint)")
            }
            return nil
        }
        let missing = flags.filter { $0.1 == nil }.map(\.0)
        guard missing.isEmpty, let cert = ovsdbCert, let key = ovsdbKey, let ca = ovsdbCA else {
            throw CommandFailure(.usage, "\(endpoint) needs --ovsdb_cert, --ovsdb_key and --ovsdb_ca together (PEM files, "
                + "as ovs-vsctl's --certificate, --private-key, --ca-cert); missing: \(missing.joined(separator: ", "))")
        }
        do {
            return try OVSDBTLSCredentials(certificateFile: cert, privateKeyFile: key, caFile: ca)
        } catch let error as OVSDBTLSCredentials.FileError {
            let flag = switch error.role {
            case .certificate: "--ovsdb_cert"
            case .privateKey: "--ovsdb_key"
            case .caCertificate: "--ovsdb_ca"
            }
            throw CommandFailure(.usage, "\(flag): \(error)")
        }
    }

    private func session(
        on connection: OVSDBConnection, endpoint: OVSDBEndpoint, target: OpenSyncTarget, deadline: Duration, output: DaemonOutput,
        request: OpenSyncRequestToWithdraw
    ) async throws -> (text: String, fields: any JSONFields) {
        let tls = endpoint.usesTLS ? " (TLS: the server's certificate is signed by --ovsdb_ca)" : ""
        output.event(WPSEvents.OpenSyncConnected(ovsdb: endpoint.description, tls: endpoint.usesTLS),
                     text: verbose ? "connected to \(endpoint)\(tls)" : nil)
        let wps = OpenSyncWPS(connection: connection) { event in
            if case .requested(_, let keyId, let before) = event { request.requested(before, keyId: keyId) }
            Self.report(event, to: output)
        }
        if cancel {
            let outcome = try await wps.cancel(target, timeout: deadline)
            let text = outcome.wasRunning.isEmpty
                ? "no WPS session was running on \(outcome.ifNames.joined(separator: ", ")); wps is off"
                : "WPS session cancelled on \(outcome.wasRunning.joined(separator: ", ")); wps is off"
            return (text, WPSResults.OpenSyncCancelled(ifNames: outcome.ifNames, wasRunning: outcome.wasRunning))
        }
        let outcome = try await wps.start(target, keyId: keyId ?? "", timeout: deadline)
        let text = "WPS push-button session ran and ended on \(outcome.ifNames.joined(separator: ", ")). "
            + "OpenSync does not report whether a device joined: check the AP's client list (Wifi_Associated_Clients)."
        return (text, WPSResults.OpenSyncSessionEnded(
            ifNames: outcome.ifNames, keyID: outcome.keyId, secondsRunning: outcome.runningSeconds.mapValues(JSONLines.rounded)))
    }

    private static func report(_ event: OpenSyncWPS.Event, to output: DaemonOutput) {
        switch event {
        case .targets(let names):
            output.event(WPSEvents.OpenSyncTargets(ifNames: names), text: "VIFs: \(names.joined(separator: ", "))")
        case .requested(let names, let keyId, _):
            output.event(WPSEvents.OpenSyncRequested(ifNames: names, keyID: keyId),
                         text: "requested a push-button session with key id '\(keyId)' (wps and wps_pbc in one transaction)")
        case .sessionStarted(let name):
            output.event(WPSEvents.SessionStarted(ifName: name), text: "session running on \(name): push the device's WPS button now")
        case .sessionEnded(let name):
            output.event(WPSEvents.SessionEnded(ifName: name), text: "session ended on \(name)")
        case .cancelRequested(let names, let running):
            output.event(WPSEvents.OpenSyncCancelRequested(ifNames: names, running: running), text: "cancel requested on \(names.joined(separator: ", "))")
        case .wpsDisabled(let names):
            output.event(WPSEvents.OpenSyncWPSDisabled(ifNames: names), text: "wps turned off on \(names.joined(separator: ", "))")
        case .restored(let names):
            output.event(WPSEvents.OpenSyncRestored(ifNames: names),
                         text: "wps, wps_pbc and wps_pbc_key_id put back as they were on \(names.joined(separator: ", "))")
        }
    }

    /// Maps the libraries' errors to the exit-code table.
    /// `cancelling`: the run was `--cancel` itself, so its failure must not suggest running it again.
    static func failure(_ error: Error, cancelling: Bool = false) -> CommandFailure {
        switch error {
        case let failure as CommandFailure:
            return failure
        case let error as OpenSyncWPSError:
            switch error {
            case .ovsdb(let inner): return failure(inner)
            case .neverEnded(let ifNames, cancelled: false) where cancelling:
                return CommandFailure(.timeout, "wps_pbc was set false on \(ifNames.joined(separator: ", ")) but the AP still reports the "
                                          + "session running: OpenSync's Wi-Fi manager is not applying Wifi_VIF_Config (is it running?); "
                                          + "the session ends by itself after its 2-minute walk time")
            case .neverEnded(let ifNames, cancelled: false):
                return CommandFailure(.timeout, "the WPS session on \(ifNames.joined(separator: ", ")) was still running at the deadline "
                                          + "and could not be cancelled: run esp-prov wps opensync --cancel")
            case .neverStarted, .neverEnded: return CommandFailure(.timeout, error.description)
            case .sessionRunning(let ifName, let keyId):
                return CommandFailure(.openSyncRefused, "a WPS session with key id '\(keyId)' is running on \(ifName); "
                                          + "wait for it to end or cancel it (--cancel) first")
            case .notOpenSync, .noSuchVIF, .unknownKeyId, .noState, .changedMeanwhile:
                return CommandFailure(.openSyncRefused, error.description)
            }
        case let error as OVSDBError:
            switch error {
            case .invalidEndpoint, .unsupportedEndpoint, .tlsCredentialsMismatch: return CommandFailure(.usage, error.description)
            case .unreachable: return CommandFailure(.daemonUnreachable, error.description)
            case .permissionDenied: return CommandFailure(.daemonPermission, error.description)
            // Mutual TLS authentication failed, either way round: no secure session, as for a wrong PoP.
            case .tlsUntrustedServer, .tlsRejectedByServer: return CommandFailure(.auth, error.description)
            case .tlsHandshakeFailed: return CommandFailure(.protocolError, error.description)
            case .timeout, .tlsHandshakeTimeout: return CommandFailure(.timeout, error.description)
            case .closed, .malformed, .oversized, .rpcError, .transactionFailed: return CommandFailure(.protocolError, error.description)
            }
        default:
            return CommandFailure(.internalError, "\(error)")
        }
    }
}
