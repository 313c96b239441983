import Foundation
import NIOConcurrencyHelpers
import OVSDB
import UntrustedJSON

/// A test-side stand-in for OpenSync's Wi-Fi manager, applying docs/onboarding.md §4's rules to a real
/// ovsdb-server: it mirrors each Wifi_VIF_Config row into Wifi_VIF_State; Config `wps_pbc` true
/// starts a session (State `wps_pbc` true, only when `wps` is on and the key id names a key) and
/// is self-cleared; false stops a running one; a key id change or `wps` off is refused while a
/// session runs. A session ends by itself after `sessionLength` (nil: never).
/// As OpenSync's own OVSDB glue does (plume-design/opensync, `ow_ovsdb_wps.c`, cited in
/// docs/onboarding.md §4): Config `wps_pbc` unset means "do nothing", true "start", false "stop", and
/// both true and false are self-cleared back to unset; State `wps_pbc_key_id` is the running
/// session's key id and "" when none runs. Config `wps` and `wps_pbc_key_id` it never writes.
final class WifiManagerStandIn: @unchecked Sendable {
    /// Every session it started, in order: which interface, with which key id.
    var started: [(ifName: String, keyId: String)] { log.withLockedValue { $0 } }

    private let connection: OVSDBConnection
    private let sessionLength: Duration?
    private let log = NIOLockedValueBox<[(ifName: String, keyId: String)]>([])
    private var loop: Task<Void, Never>?
    /// Interface → key id of each running session.
    private let sessions = NIOLockedValueBox<[String: String]>([:])

    init(endpoint: String, sessionLength: Duration?) async throws {
        connection = try await OVSDBConnection.connect(to: try OVSDBEndpoint(parsing: endpoint), timeout: .seconds(5))
        self.sessionLength = sessionLength
        let columns: JSON = ["columns": ["if_name", "ssid", "security", "wpa_psks", "wps", "wps_pbc", "wps_pbc_key_id"]]
        let initial = try await connection.monitor(
            "Open_vSwitch", id: "stand-in", requests: ["Wifi_VIF_Config": columns, "Wifi_VIF_State": columns], timeout: .seconds(5))
        for (_, change) in initial.tables["Wifi_VIF_State"] ?? [:] {
            guard let row = change.new, let ifName = row["if_name"]?.stringValue else { continue }
            if (try? OVSDBDatum.optionalBool(row["wps_pbc"], column: "wps_pbc")) == true {
                sessions.withLockedValue { $0[ifName] = row["wps_pbc_key_id"]?.stringValue ?? "" }
            }
        }
        loop = Task { [self] in
            while !Task.isCancelled {
                guard let update = try? await connection.nextUpdate(until: .now + .seconds(3600)) else { return }
                for (_, change) in update.updates.tables["Wifi_VIF_Config"] ?? [:] {
                    if let row = change.new { try? await reconcile(row) }
                }
            }
        }
    }

    func stop() async {
        loop?.cancel()
        await connection.close()
    }

    private func reconcile(_ config: [String: JSON]) async throws {
        guard let ifName = config["if_name"]?.stringValue else { return }
        let runningKeyId = sessions.withLockedValue { $0[ifName] }
        let isRunning = runningKeyId != nil
        let wantsWPS = try OVSDBDatum.optionalBool(config["wps"], column: "wps") == true
        let keyId = config["wps_pbc_key_id"]?.stringValue ?? ""
        let keys = try OVSDBDatum.mapKeys(config["security"], column: "security") + OVSDBDatum.mapKeys(config["wpa_psks"], column: "wpa_psks")
        var state: [String: JSON] = [:]
        for column in ["ssid", "security", "wpa_psks"] { state[column] = config[column] }
        state["wps"] = .bool(wantsWPS || isRunning)  // refused: wps off during a session
        state["wps_pbc_key_id"] = .string(runningKeyId ?? "")  // refused: key change during a session
        var clearConfig = false
        switch try OVSDBDatum.optionalBool(config["wps_pbc"], column: "wps_pbc") {
        case true? where wantsWPS && keys.contains(keyId):
            sessions.withLockedValue { $0[ifName] = keyId }
            state["wps_pbc"] = true
            state["wps_pbc_key_id"] = .string(keyId)
            log.withLockedValue { $0.append((ifName, keyId)) }
            clearConfig = true
            if let sessionLength { scheduleEnd(ifName, after: sessionLength) }
        case true?:
            clearConfig = true
        case false?:
            sessions.withLockedValue { _ = $0.removeValue(forKey: ifName) }
            state["wps_pbc"] = false
            state["wps_pbc_key_id"] = ""
            clearConfig = true
        case nil:
            break
        }
        var operations: [JSON] = [update("Wifi_VIF_State", ifName, state)]
        if clearConfig { operations.append(update("Wifi_VIF_Config", ifName, ["wps_pbc": OVSDBDatum.empty])) }
        _ = try await connection.transact("Open_vSwitch", operations, timeout: .seconds(5))
    }

    private func scheduleEnd(_ ifName: String, after length: Duration) {
        Task { [self] in
            try? await Task.sleep(for: length)
            guard sessions.withLockedValue({ $0.removeValue(forKey: ifName) }) != nil else { return }
            _ = try? await connection.transact("Open_vSwitch", [update("Wifi_VIF_State", ifName, ["wps_pbc": false, "wps_pbc_key_id": ""])], timeout: .seconds(5))
        }
    }

    private func update(_ table: String, _ ifName: String, _ row: [String: JSON]) -> JSON {
        ["op": "update", "table": .string(table), "where": [["if_name", "==", .string(ifName)]], "row": .object(row)]
    }
}
