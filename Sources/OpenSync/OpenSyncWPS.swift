import OVSDB
import UntrustedJSON
import ProvSupport

/// Push-button WPS on an OpenSync AP, driven only through OVSDB (docs/onboarding.md §4): the request is
/// one transaction on the VIFs of one SSID (or one interface), and the outcome is read from
/// `Wifi_VIF_State`. OpenSync reports only that a session ran and ended — not whether a device
/// joined — so that is all this type claims.
public struct OpenSyncWPS: Sendable {
    /// What the session did, in order, for progress output.
    public enum Event: Sendable, Equatable {
        /// The VIFs the request will cover (`if_name`s), before anything is written.
        case targets([String])
        /// `wps` and `wps_pbc` were written, in one transaction, on these VIFs with this key id;
        /// `before` are their Config rows as they were, which `withdraw` puts back.
        case requested([String], keyId: String, before: [OpenSyncVIF])
        /// The AP reports a session running on this VIF (State `wps_pbc` true): time to push the device's button.
        case sessionStarted(String)
        /// The AP reports this VIF's session over (success, failure and timeout look the same).
        case sessionEnded(String)
        /// Config `wps_pbc` was set false on these VIFs; `running` had a session.
        case cancelRequested([String], running: [String])
        /// `wps` was turned off again on these VIFs, so no later start reaches them by accident.
        case wpsDisabled([String])
        /// `wps`, `wps_pbc` and `wps_pbc_key_id` are back on these VIFs as they were before the run.
        case restored([String])
    }

    /// A session that ran and ended: how long each VIF's session ran, as the AP reported it.
    public struct Outcome: Sendable, Equatable {
        /// The VIFs the session ran on.
        public var ifNames: [String]
        /// The key id whose PSK an enrollee would have received.
        public var keyId: String
        /// Per VIF, seconds between the AP reporting the session started and ended.
        public var runningSeconds: [String: Double]
        /// The VIFs whose `wps`, `wps_pbc` and `wps_pbc_key_id` were put back as they were.
        public var restored: [String]
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
    /// after the call, for it to run and end; then, on every exit path, puts `wps`, `wps_pbc` and
    /// `wps_pbc_key_id` back as they were (OpenSync's manager never touches `wps_pbc_key_id` or `wps`).
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
        report(.requested(targets.map(\.ifName), keyId: keyId, before: targets))

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
                    try? await restore(targets, keyId: keyId, until: deadline)
                    throw OpenSyncWPSError.neverStarted(ifNames: notStarted, acknowledged: acknowledged)
                }
                let running = targets.map(\.ifName).filter { ended[$0] == nil }
                let cancelled = (try? await stopSessions(on: targets, tables: &tables, until: deadline)) != nil
                try? await restore(targets, keyId: keyId, until: deadline)
                throw OpenSyncWPSError.neverEnded(ifNames: running, cancelled: cancelled)
            }
            for vif in targets {
                if try tables.config(uuid: vif.uuid)?.wpsPBC != true { acknowledged = true }
                let running = try tables.state(ifName: vif.ifName)?.sessionRunning ?? false
                if running && started[vif.ifName] == nil {
                    started[vif.ifName] = .now
                    report(.sessionStarted(vif.ifName))
                } else if !running, let since = started[vif.ifName], ended[vif.ifName] == nil {
                    ended[vif.ifName] = (ContinuousClock.now - since).seconds
                    report(.sessionEnded(vif.ifName))
                }
            }
        }
        try await restore(targets, keyId: keyId, until: max(deadline, .now + .seconds(1)))
        return Outcome(ifNames: targets.map(\.ifName), keyId: keyId, runningSeconds: ended, restored: targets.map(\.ifName))
    }

    /// Takes back a request `start` wrote (an interrupted run): ends any session on `before`'s VIFs,
    /// then puts their rows back as `before` holds them.
    public func withdraw(_ before: [OpenSyncVIF], keyId: String, timeout: Duration) async throws -> CancelOutcome {
        let deadline = ContinuousClock.now + timeout
        var tables = try await openMonitor(until: deadline)
        let running = try await stopSessions(on: before, tables: &tables, until: deadline)
        try await restore(before, keyId: keyId, until: deadline)
        return CancelOutcome(ifNames: before.map(\.ifName), wasRunning: running)
    }

    /// Ends any session on `target`'s VIFs (Config `wps_pbc` false), waits until the AP reports
    /// none running, then turns `wps` off (OpenSync refuses that while a session runs).
    public func cancel(_ target: OpenSyncTarget, timeout: Duration) async throws -> CancelOutcome {
        let deadline = ContinuousClock.now + timeout
        var tables = try await openMonitor(until: deadline)
        let targets = try tables.targets(target)
        let running = try await stopSessions(on: targets, tables: &tables, until: deadline)
        try await transact(targets.map { Self.update($0, ["wps": false]) }, until: deadline)
        report(.wpsDisabled(targets.map(\.ifName)))
        return CancelOutcome(ifNames: targets.map(\.ifName), wasRunning: running)
    }

    /// Asks for every session on `targets` to stop (Config `wps_pbc` false: OpenSync's "stop", which
    /// its manager self-clears) and waits until the AP reports none running; returns those that ran.
    private func stopSessions(on targets: [OpenSyncVIF], tables: inout VIFTables, until deadline: ContinuousClock.Instant) async throws -> [String] {
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
        return running
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

    /// Puts `before`'s request columns back, in one transaction that first checks each Config row
    /// still names `keyId` (ours): a request someone else wrote since is left alone (`changedMeanwhile`).
    private func restore(_ before: [OpenSyncVIF], keyId: String, until deadline: ContinuousClock.Instant) async throws {
        var operations: [JSON] = []
        for vif in before {
            operations.append(Self.unchanged(VIFTables.config, uuid: vif.uuid, row: ["wps_pbc_key_id": .string(keyId)]))
            operations.append(Self.update(vif, vif.restoringRow))
        }
        try await transact(operations, until: deadline)
        report(.restored(before.map(\.ifName)))
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
        unchanged(table, uuid: vif.uuid, row: vif.guardColumns.filter { columns.contains($0.key) })
    }

    /// A `wait` that fails the transaction at once unless row `uuid` holds `row`'s values.
    private static func unchanged(_ table: String, uuid: String, row: [String: JSON]) -> JSON {
        [
            "op": "wait", "table": .string(table), "timeout": 0, "until": "==",
            "where": [["_uuid", "==", OVSDBDatum.uuidValue(uuid)]],
            "columns": .array(row.keys.sorted().map { .string($0) }),
            "rows": [.object(row)],
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
