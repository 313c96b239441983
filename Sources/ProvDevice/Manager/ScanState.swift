import ProvMessages

/// One scanner of the manager (§6.3), Wi-Fi's or Thread's: whether a scan runs and what the last one
/// found, sorted by RSSI (strongest first) and capped at `CONFIG_WIFI_PROV_SCAN_MAX_ENTRIES`, paged
/// with the v5.5.5+ bounds checks.
struct ScanState<Entry: Sendable>: Sendable {
    private(set) var scanning = false
    private(set) var results: [Entry] = []

    /// ScanStart: a running scan makes it succeed at once (false: nothing starts); otherwise the old
    /// results are cleared and a scan runs (true).
    mutating func start() -> Bool {
        guard !scanning else { return false }
        scanning = true
        results = []
        return true
    }

    /// The running scan ends with what the radio found (any order).
    /// - Returns: the number of results kept, or nil when no scan was running.
    mutating func finish(found: [Entry], rssi: KeyPath<Entry, Int32>, maxEntries: Int) -> Int? {
        guard scanning else { return nil }
        scanning = false
        results = Array(Self.sortedByRSSI(found, rssi: rssi).prefix(maxEntries))
        return results.count
    }

    /// ScanResult: `start_index ≥ MAX` or `count > MAX − start_index` fails the request (v5.5.5+);
    /// otherwise the entries up to the first missing index, with InternalError if one is missing.
    func page(start: UInt32, count: UInt32, maxEntries: Int) throws -> (Status, [Entry]) {
        let limit = UInt32(maxEntries)
        guard start < limit, count <= limit - start else { throw RequestFailure.scanResultOutOfBounds }
        var entries: [Entry] = []
        for index in Int(start)..<Int(start + count) {
            guard index < results.count else { return (.internalError, entries) }
            entries.append(results[index])
        }
        return (.success, entries)
    }

    /// Stable sort, strongest first.
    private static func sortedByRSSI(_ entries: [Entry], rssi: KeyPath<Entry, Int32>) -> [Entry] {
        entries.enumerated()
            .sorted { lhs, rhs in
                lhs.element[keyPath: rssi] != rhs.element[keyPath: rssi]
                    ? lhs.element[keyPath: rssi] > rhs.element[keyPath: rssi]
                    : lhs.offset < rhs.offset
            }
            .map(\.element)
    }
}
