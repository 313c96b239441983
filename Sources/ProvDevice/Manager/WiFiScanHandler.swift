import ProvMessages

/// `prov-scan` (§6.3): one scan at a time, results sorted by RSSI (strongest first) and capped at
/// `CONFIG_WIFI_PROV_SCAN_MAX_ENTRIES`, paged with v5.5.5+ bounds checks.
extension VirtualDevice {
    func handleScan(_ request: ScanRequest) async throws -> ScanResponse {
        let thread = configuration.isThread
        switch request {
        case .wifiStart(let blocking):
            guard !thread else { return .wifiStart(.invalidArgument) }
            await startWiFiScan(blocking: blocking)
            return .wifiStart(.success)
        case .wifiStatus:
            guard !thread else { return .wifiStatus(.invalidArgument, finished: false, count: 0) }
            return .wifiStatus(.success, finished: !wifiScanning, count: UInt32(wifiScanResults.count))
        case .wifiResult(let start, let count):
            guard !thread else { return .wifiResult(.invalidArgument, []) }
            let (status, entries) = try page(wifiScanResults, start: start, count: count)
            return .wifiResult(status, entries)
        case .threadStart(let blocking):
            guard thread else { return .threadStart(.invalidArgument) }
            await startThreadScan(blocking: blocking)
            return .threadStart(.success)
        case .threadStatus:
            guard thread else { return .threadStatus(.invalidArgument, finished: false, count: 0) }
            return .threadStatus(.success, finished: !threadScanning, count: UInt32(threadScanResults.count))
        case .threadResult(let start, let count):
            guard thread else { return .threadResult(.invalidArgument, []) }
            let (status, entries) = try page(threadScanResults, start: start, count: count)
            return .threadResult(status, entries)
        }
    }

    /// A running scan makes ScanStart succeed at once; otherwise the old results are cleared and, when
    /// `blocking`, the answer waits for the scan to finish (the request holds the device meanwhile).
    private func startWiFiScan(blocking: Bool) async {
        guard !wifiScanning else { return }
        wifiScanning = true
        wifiScanResults = []
        emit(.scanStarted)
        if blocking {
            try? await Task.sleep(for: configuration.scanDuration)
            finishWiFiScan()
        } else {
            scanTask = after(configuration.scanDuration) { device in device.finishWiFiScan() }
        }
    }

    func finishWiFiScan() {
        guard wifiScanning else { return }
        wifiScanning = false
        wifiScanResults = Array(sortedByRSSI(configuration.scanResults, rssi: \.rssi).prefix(configuration.scanMaxEntries))
        emit(.scanFinished(resultCount: wifiScanResults.count))
    }

    private func startThreadScan(blocking: Bool) async {
        guard !threadScanning else { return }
        threadScanning = true
        threadScanResults = []
        emit(.scanStarted)
        if blocking {
            try? await Task.sleep(for: configuration.scanDuration)
            finishThreadScan()
        } else {
            scanTask = after(configuration.scanDuration) { device in device.finishThreadScan() }
        }
    }

    func finishThreadScan() {
        guard threadScanning else { return }
        threadScanning = false
        threadScanResults = Array(sortedByRSSI(configuration.threadScanResults, rssi: \.rssi).prefix(configuration.scanMaxEntries))
        emit(.scanFinished(resultCount: threadScanResults.count))
    }

    /// Stable sort, strongest first.
    private func sortedByRSSI<Entry>(_ entries: [Entry], rssi: KeyPath<Entry, Int32>) -> [Entry] {
        entries.enumerated()
            .sorted { lhs, rhs in
                lhs.element[keyPath: rssi] != rhs.element[keyPath: rssi]
                    ? lhs.element[keyPath: rssi] > rhs.element[keyPath: rssi]
                    : lhs.offset < rhs.offset
            }
            .map(\.element)
    }

    /// `start_index ≥ MAX` or `count > MAX − start_index` fails the request (v5.5.5+); otherwise the
    /// entries up to the first missing index, with InternalError if one is missing.
    private func page<Entry>(_ results: [Entry], start: UInt32, count: UInt32) throws -> (Status, [Entry]) {
        let limit = UInt32(configuration.scanMaxEntries)
        guard start < limit, count <= limit - start else { throw RequestFailure.scanResultOutOfBounds }
        var entries: [Entry] = []
        for index in Int(start)..<Int(start + count) {
            guard index < results.count else { return (.internalError, entries) }
            entries.append(results[index])
        }
        return (.success, entries)
    }
}
