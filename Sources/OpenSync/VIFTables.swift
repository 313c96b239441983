import OVSDB
import UntrustedJSON

/// The client's copy of `Wifi_VIF_Config` and `Wifi_VIF_State`, kept current from one monitor, so
/// every decision (which VIFs, which keys, is a session running) reads what the AP last reported.
struct VIFTables {
    static let config = "Wifi_VIF_Config"
    static let state = "Wifi_VIF_State"

    private(set) var configRows: [String: [String: JSON]] = [:]
    private(set) var stateRows: [String: [String: JSON]] = [:]

    mutating func apply(_ updates: TableUpdates) {
        for (table, changes) in updates.tables {
            for (uuid, change) in changes {
                switch table {
                case Self.config: configRows[uuid] = merged(configRows[uuid], change)
                case Self.state: stateRows[uuid] = merged(stateRows[uuid], change)
                default: continue
                }
            }
        }
    }

    func configs() throws -> [OpenSyncVIF] {
        try configRows.map { try OpenSyncVIF(uuid: $0.key, row: $0.value) }.sorted { $0.ifName < $1.ifName }
    }

    func config(uuid: String) throws -> OpenSyncVIF? {
        try configRows[uuid].map { try OpenSyncVIF(uuid: uuid, row: $0) }
    }

    /// The State row of an interface (rows are matched to Config by `if_name`).
    func state(ifName: String) throws -> OpenSyncVIF? {
        try stateRows.lazy.map { try OpenSyncVIF(uuid: $0.key, row: $0.value) }.first { $0.ifName == ifName }
    }

    /// The Config rows `target` names; throws `noSuchVIF` listing what exists when none does.
    func targets(_ target: OpenSyncTarget) throws -> [OpenSyncVIF] {
        let all = try configs()
        let matching = all.filter(target.matches)
        guard !matching.isEmpty else {
            let known: [String]
            switch target {
            case .ssid: known = Array(Set(all.compactMap(\.ssid))).sorted()
            case .ifName: known = all.map(\.ifName)
            }
            throw OpenSyncWPSError.noSuchVIF(target, known: known)
        }
        return matching
    }

    private func merged(_ row: [String: JSON]?, _ change: TableUpdates.RowChange) -> [String: JSON]? {
        guard let new = change.new else { return nil }
        return (row ?? [:]).merging(new) { $1 }
    }
}
