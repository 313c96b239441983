import OVSDB
import UntrustedJSON

/// Push-button WPS on an OpenSync AP, driven only through OVSDB (docs/onboarding.md §4): the request is
/// one transaction on the VIFs of one SSID (or one interface), and the outcome is read from
/// `Wifi_VIF_State`. OpenSync reports only that a session ran and ended — not whether a device
/// joined — so that is all this type claims.
public struct OpenSyncWPS: Sendable {
    /// What the session did, in order, for progress output.
    public enum Event: Sendable, Equatable {
        /// The VIFs the request will cover (`if_name`s), before anything is written.
        case targets([String])
        /// `wps` and `wps_pbc` were written, in one transaction, on these VIFs with this key id.
        case requested([String], keyId: String)
        /// The AP reports a session running on this VIF (State `wps_pbc` true): time to push the device's button.
        case sessionStarted(String)
        /// The AP reports this VIF's session over (success, failure and timeout look the same).
        case sessionEnded(String)
        /// Config `wps_pbc` was set false on these VIFs; `running` had a session.
        case cancelRequested([String], running: [String])
        /// `wps` was turned off again on these VIFs, so no later start reaches them by accident.
        case wpsDisabled([String])
    }

    /// A session that ran and ended: how long each VIF's session ran, as the AP reported it.
    public struct Outcome: Sendable, Equatable {
        /// The VIFs the session ran on.
        public var ifNames: [String]
        /// The key id whose PSK an enrollee would have received.
        public var keyId: String
        /// Per VIF, seconds between the AP reporting the session started and ended.
        public var runningSeconds: [String: Double]
        /// The VIFs where `wps` was off before and was turned off again.
        public var wpsDisabled: [String]
    }

    /// A cancel: which VIFs it covered and which had a session running.
    public struct CancelOutcome: Sendable, Equatable {
        /// The VIFs the cancel covered.
        public var ifNames: [String]
        /// Those that had a session running (empty: nothing needed cancelling).
        public var wasRunning: [String]
    }

    /// How long OpenSync's Wi-Fi manager gets to react to a request (take it from Config, or report
    /// a session in State): it does within a second or two, so silence after this means nothing
    /// applies Config on that AP, and waiting out the whole `--timeout` would only delay saying so.
    public static let managerReactionBound: Duration = .seconds(10)

    /// The database OpenSync keeps its tables in (it shares OVS's `Open_vSwitch`).
    public static let database = "Open_vSwitch"
    private static let monitorId: JSON = "esp-prov-wps"

    let connection: OVSDBConnection
    let report: @Sendable (Event) -> Void

    /// Works on an open session; `report` receives progress events as they happen (on any task).
    public init(connection: OVSDBConnection, report: @escaping @Sendable (Event) -> Void = { _ in }) {
        self.connection = connection
        self.report = report
    }

    /// Starts one push-button session with `keyId` on `target`'s VIFs and waits, until `timeout`
    /// after the call, for it to run and end; then turns `wps` off again where it was off before.
    /// `timeout` bounds everything, the clean-up after a session that never started or ended included:
    /// the wait ends early enough (a quarter of it, at most 5 s) to leave the clean-up its time.
    public func start(_ target: OpenSyncTarget, keyId: String, timeout: Duration) async throws -> Outcome {
        let deadline = ContinuousClock.now + timeout
        let waitDeadline = deadline - min(.seconds(5), timeout / 4)
        var tables = try await openMonitor(until: deadline)
        let targets = try tables.targets(target)
        report(.targets(targets.map(\.ifName)))
        var states: [OpenSyncVIF] = []
        for vif in targets {
            guard vif.keyIds.contains(keyId) else {
                throw OpenSyncWPSError.unknownKeyId(keyId, ifName: vif.ifName, available: vif.keyIds)
            }
            guard let state = try tables.state(ifName: vif.ifName) else { throw OpenSyncWPSError.noState(ifName: vif.ifName) }
            if state.sessionRunning && state.wpsPBCKeyId != keyId {
                throw OpenSyncWPSError.sessionRunning(ifName: vif.ifName, keyId: state.wpsPBCKeyId)
            }
            states.append(state)
        }
        var operations: [JSON] = []
        for (vif, state) in zip(targets, states) {
            operations.append(Self.unchanged(VIFTables.config, vif, columns: ["if_name", "ssid"]))
            operations.append(Self.unchanged(VIFTables.state, state, columns: ["wps_pbc", "wps_pbc_key_id"]))
            operations.append(Self.update(vif, ["wps": true, "wps_pbc": true, "wps_pbc_key_id": .string(keyId)]))
        }
        try await transact(operations, until: deadline)
        report(.requested(targets.map(\.ifName), keyId: keyId))

        var started: [String: ContinuousClock.Instant] = [:]
        var ended: [String: Double] = [:]
        var acknowledged = false
        let reactionDeadline = min(waitDeadline, ContinuousClock.now + Self.managerReactionBound)
        while ended.count < targets.count {
            do {
                let waitUntil = acknowledged || !started.isEmpty ? waitDeadline : reactionDeadline
                tables.apply(try await connection.nextUpdate(until: waitUntil).updates)
            } catch OVSDBError.timeout(_, _) {
                let notStarted = targets.map(\.ifName).filter { started[$0] == nil }
                if !notStarted.isEmpty {
                    try? await withdraw(targets, until: deadline)
                    throw OpenSyncWPSError.neverStarted(ifNames: notStarted, acknowledged: acknowledged)
                }
                let running = targets.map(\.ifName).filter { ended[$0] == nil }
                let cancelled = (try? await endSessions(on: targets, tables: &tables, until: deadline)) != nil
                throw OpenSyncWPSError.neverEnded(ifNames: running, cancelled: cancelled)
            }
            for vif in targets {
                if try tables.config(uuid: vif.uuid)?.wpsPBC != true { acknowledged = true }
                let running = try tables.state(ifName: vif.ifName)?.sessionRunning ?? false
                if running && started[vif.ifName] == nil {
                    started[vif.ifName] = .now
                    report(.sessionStarted(vif.ifName))
                } else if !running, let since = started[vif.ifName], ended[vif.ifName] == nil {
                    ended[vif.ifName] = (ContinuousClock.now - since).secondsValue
                    report(.sessionEnded(vif.ifName))
                }
            }
        }
        let wasOff = targets.filter { $0.wps != true }
        if !wasOff.isEmpty {
            try await transact(wasOff.map { Self.update($0, ["wps": false]) }, until: max(deadline, .now + .seconds(1)))
            report(.wpsDisabled(wasOff.map(\.ifName)))
        }
        return Outcome(ifNames: targets.map(\.ifName), keyId: keyId, runningSeconds: ended, wpsDisabled: wasOff.map(\.ifName))
    }

    /// Ends any session on `target`'s VIFs (Config `wps_pbc` false), waits until the AP reports
    /// none running, then turns `wps` off (OpenSync refuses that while a session runs).
    public func cancel(_ target: OpenSyncTarget, timeout: Duration) async throws -> CancelOutcome {
        let deadline = ContinuousClock.now + timeout
        var tables = try await openMonitor(until: deadline)
        let targets = try tables.targets(target)
        return try await endSessions(on: targets, tables: &tables, until: deadline)
    }

    private func endSessions(on targets: [OpenSyncVIF], tables: inout VIFTables, until deadline: ContinuousClock.Instant) async throws -> CancelOutcome {
        let running = try targets.filter { try tables.state(ifName: $0.ifName)?.sessionRunning == true }.map(\.ifName)
        try await transact(targets.map { Self.update($0, ["wps_pbc": false]) }, until: deadline)
        report(.cancelRequested(targets.map(\.ifName), running: running))
        while try targets.contains(where: { try tables.state(ifName: $0.ifName)?.sessionRunning == true }) {
            do {
                tables.apply(try await connection.nextUpdate(until: deadline).updates)
            } catch OVSDBError.timeout(_, _) {
                throw OpenSyncWPSError.neverEnded(ifNames: running, cancelled: false)
            }
        }
        try await transact(targets.map { Self.update($0, ["wps": false]) }, until: deadline)
        report(.wpsDisabled(targets.map(\.ifName)))
        return CancelOutcome(ifNames: targets.map(\.ifName), wasRunning: running)
    }

    /// Checks the schema, then monitors both VIF tables; returns the rows as they are now.
    private func openMonitor(until deadline: ContinuousClock.Instant) async throws -> VIFTables {
        let schema = try await call { try await connection.call("get_schema", [.string(Self.database)], timeout: remaining(deadline)) }
        var requests: [String: JSON] = [:]
        for table in [VIFTables.config, VIFTables.state] {
            guard let columns = schema["tables"]?[table]?["columns"]?.objectValue else {
                throw OpenSyncWPSError.notOpenSync(missing: "\(table) table")
            }
            for column in OpenSyncVIF.columns(withWPAPSKs: false) where columns[column] == nil {
                throw OpenSyncWPSError.notOpenSync(missing: "\(table).\(column) column")
            }
            let wanted = OpenSyncVIF.columns(withWPAPSKs: columns["wpa_psks"] != nil)
            requests[table] = ["columns": .array(wanted.map { .string($0) })]
        }
        var tables = VIFTables()
        tables.apply(try await call {
            try await connection.monitor(Self.database, id: Self.monitorId, requests: requests, timeout: remaining(deadline))
        })
        return tables
    }

    /// Clears a request the AP never took, so a later start of the AP does not open a window.
    private func withdraw(_ targets: [OpenSyncVIF], until deadline: ContinuousClock.Instant) async throws {
        try await transact(
            targets.map { Self.update($0, ["wps_pbc": OVSDBDatum.empty, "wps": .bool($0.wps == true)]) }, until: deadline)
    }

    private func transact(_ operations: [JSON], until deadline: ContinuousClock.Instant) async throws {
        do {
            _ = try await connection.transact(Self.database, operations, timeout: remaining(deadline))
        } catch OVSDBError.transactionFailed(_, let error, _) where error == "timed out" {
            throw OpenSyncWPSError.changedMeanwhile
        } catch let error as OVSDBError {
            throw OpenSyncWPSError.ovsdb(error)
        }
    }

    private func call<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as OVSDBError {
            throw OpenSyncWPSError.ovsdb(error)
        }
    }

    /// A `wait` that fails the transaction at once unless `vif`'s `columns` still hold what was read.
    private static func unchanged(_ table: String, _ vif: OpenSyncVIF, columns: [String]) -> JSON {
        [
            "op": "wait", "table": .string(table), "timeout": 0, "until": "==",
            "where": [["_uuid", "==", OVSDBDatum.uuidValue(vif.uuid)]],
            "columns": .array(columns.map { .string($0) }),
            "rows": [.object(vif.guardColumns.filter { columns.contains($0.key) })],
        ]
    }

    private static func update(_ vif: OpenSyncVIF, _ row: [String: JSON]) -> JSON {
        [
            "op": "update", "table": .string(VIFTables.config),
            "where": [["_uuid", "==", OVSDBDatum.uuidValue(vif.uuid)]], "row": .object(row),
        ]
    }

    private func remaining(_ deadline: ContinuousClock.Instant) -> Duration {
        max(deadline - .now, .milliseconds(1))
    }
}

extension Duration {
    var secondsValue: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
