import ArgumentParser
import Foundation
import OVSDB
import OpenSync

/// `esp-prov wps opensync`: a push-button session on an OpenSync AP, which takes WPS requests only
/// through OVSDB. The session is reported as having run and ended, because that is all OpenSync
/// reports: whether a device joined, it does not say.
struct WPSOpenSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opensync",
        abstract: "Start (or --cancel) a WPS push-button session on an OpenSync AP through OVSDB.",
        discussion: "Sets Wifi_VIF_Config wps and wps_pbc together, in one transaction, on the VIFs of --ssid only "
            + "(or --if_name), with --key_id naming which key the device receives; then watches Wifi_VIF_State.wps_pbc "
            + "go true and back to false, and turns wps off again. OpenSync does not report whether a device joined.")

    @Option(name: [.customLong("ovsdb")], help: "The OVSDB server: unix:PATH or tcp:HOST:PORT.")
    var ovsdb = "unix:/var/run/openvswitch/db.sock"

    @Option(name: [.customLong("ssid")], help: "Start WPS on the VIFs of this SSID.")
    var ssid: String?

    @Option(name: [.customLong("if_name"), .customLong("if-name")], help: "Start WPS on this one interface instead.")
    var ifName: String?

    @Option(name: [.customLong("key_id"), .customLong("key-id")], help: "Which key's PSK the device receives (a key of every target VIF).")
    var keyId: String?

    @Flag(name: [.customLong("cancel")], help: "End a running session instead of starting one, and turn wps off.")
    var cancel = false

    @Option(name: [.customLong("timeout")], help: "Seconds for the whole run: connecting, the session starting and ending.")
    var timeout: Double = 150

    @Flag(name: [.customLong("json")], help: "One JSON object per line on stdout.")
    var json = false

    @Flag(name: [.customLong("verbose"), .customShort("v")], help: "Also print each step's details (never PSKs).")
    var verbose = false

    func validate() throws {
        guard (ssid == nil) != (ifName == nil) else { throw ValidationError("give exactly one of --ssid and --if_name") }
        if !cancel && (keyId ?? "").isEmpty { throw ValidationError("--key_id is required to start a session") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    func run() async throws {
        let output = WPSOutput(json: json)
        output.weakSecurityNote()
        try await output.finish {
            let endpoint: OVSDBEndpoint
            do {
                endpoint = try OVSDBEndpoint(parsing: ovsdb)
            } catch let error as OVSDBError {
                throw CommandFailure(.usage, "--ovsdb: \(error)")
            }
            let target: OpenSyncTarget = ssid.map { .ssid($0) } ?? .ifName(ifName ?? "")
            let deadline = Duration.milliseconds(Int64(timeout * 1000))
            let connection: OVSDBConnection
            do {
                connection = try await OVSDBConnection.connect(to: endpoint, timeout: min(deadline, .seconds(10)))
            } catch {
                throw Self.failure(error)
            }
            let outcome: Result<(text: String, fields: [String: Any]), Error>
            do {
                outcome = .success(try await session(on: connection, endpoint: endpoint, target: target, deadline: deadline, output: output))
            } catch {
                outcome = .failure(error)
            }
            await connection.close()
            return try outcome.mapError { Self.failure($0) }.get()
        }
    }

    private func session(
        on connection: OVSDBConnection, endpoint: OVSDBEndpoint, target: OpenSyncTarget, deadline: Duration, output: WPSOutput
    ) async throws -> (text: String, fields: [String: Any]) {
        output.event("opensync_connected", ["ovsdb": endpoint.description], text: verbose ? "connected to \(endpoint)" : nil)
        let wps = OpenSyncWPS(connection: connection) { event in Self.report(event, to: output) }
        if cancel {
            let outcome = try await wps.cancel(target, timeout: deadline)
            let text = outcome.wasRunning.isEmpty
                ? "no WPS session was running on \(outcome.ifNames.joined(separator: ", ")); wps is off"
                : "WPS session cancelled on \(outcome.wasRunning.joined(separator: ", ")); wps is off"
            return (text, ["outcome": "cancelled", "if_names": outcome.ifNames, "was_running": outcome.wasRunning])
        }
        let outcome = try await wps.start(target, keyId: keyId ?? "", timeout: deadline)
        let text = "WPS push-button session ran and ended on \(outcome.ifNames.joined(separator: ", ")). "
            + "OpenSync does not report whether a device joined: check the AP's client list (Wifi_Associated_Clients)."
        return (text, [
            "outcome": "session_ended", "if_names": outcome.ifNames, "key_id": outcome.keyId,
            "seconds_running": outcome.runningSeconds.mapValues(JSONLines.rounded), "device_joined": "unknown",
        ])
    }

    private static func report(_ event: OpenSyncWPS.Event, to output: WPSOutput) {
        switch event {
        case .targets(let names):
            output.event("opensync_targets", ["if_names": names], text: "VIFs: \(names.joined(separator: ", "))")
        case .requested(let names, let keyId):
            output.event("opensync_requested", ["if_names": names, "key_id": keyId],
                         text: "requested a push-button session with key id '\(keyId)' (wps and wps_pbc in one transaction)")
        case .sessionStarted(let name):
            output.event("wps_session_started", ["if_name": name], text: "session running on \(name): push the device's WPS button now")
        case .sessionEnded(let name):
            output.event("wps_session_ended", ["if_name": name], text: "session ended on \(name)")
        case .cancelRequested(let names, let running):
            output.event("opensync_cancel_requested", ["if_names": names, "running": running], text: "cancel requested on \(names.joined(separator: ", "))")
        case .wpsDisabled(let names):
            output.event("opensync_wps_disabled", ["if_names": names], text: "wps turned off on \(names.joined(separator: ", "))")
        }
    }

    /// Maps the libraries' errors to the exit-code table.
    static func failure(_ error: Error) -> CommandFailure {
        switch error {
        case let failure as CommandFailure:
            return failure
        case let error as OpenSyncWPSError:
            switch error {
            case .ovsdb(let inner): return failure(inner)
            case .neverStarted, .neverEnded: return CommandFailure(.timeout, error.description)
            case .notOpenSync, .noSuchVIF, .unknownKeyId, .noState, .sessionRunning, .changedMeanwhile:
                return CommandFailure(.openSyncRefused, error.description)
            }
        case let error as OVSDBError:
            switch error {
            case .invalidEndpoint, .unsupportedEndpoint: return CommandFailure(.usage, error.description)
            case .unreachable: return CommandFailure(.daemonUnreachable, error.description)
            case .permissionDenied: return CommandFailure(.daemonPermission, error.description)
            case .timeout: return CommandFailure(.timeout, error.description)
            case .closed, .malformed, .oversized, .rpcError, .transactionFailed: return CommandFailure(.protocolError, error.description)
            }
        default:
            return CommandFailure(.internalError, "\(error)")
        }
    }
}
