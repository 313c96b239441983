import ProvMessages

/// `prov-scan` (§6.3): one scan at a time per scanner (`ScanState`), Wi-Fi on Wi-Fi builds, Thread on
/// network_provisioning's Thread build; the other network type's commands get InvalidArgument.
extension VirtualDevice {
    func handleScan(_ request: ScanRequest) async throws -> ScanResponse {
        let thread = configuration.isThread
        let maxEntries = configuration.scanMaxEntries
        switch request {
        case .wifiStart(let blocking):
            guard !thread else { return .wifiStart(.invalidArgument) }
            if wifiScan.start() { await runScan(blocking: blocking) { device in device.finishWiFiScan() } }
            return .wifiStart(.success)
        case .wifiStatus:
            guard !thread else { return .wifiStatus(.invalidArgument, finished: false, count: 0) }
            return .wifiStatus(.success, finished: !wifiScan.scanning, count: UInt32(wifiScan.results.count))
        case .wifiResult(let start, let count):
            guard !thread else { return .wifiResult(.invalidArgument, []) }
            let (status, entries) = try wifiScan.page(start: start, count: count, maxEntries: maxEntries)
            return .wifiResult(status, entries)
        case .threadStart(let blocking):
            guard thread else { return .threadStart(.invalidArgument) }
            if threadScan.start() { await runScan(blocking: blocking) { device in device.finishThreadScan() } }
            return .threadStart(.success)
        case .threadStatus:
            guard thread else { return .threadStatus(.invalidArgument, finished: false, count: 0) }
            return .threadStatus(.success, finished: !threadScan.scanning, count: UInt32(threadScan.results.count))
        case .threadResult(let start, let count):
            guard thread else { return .threadResult(.invalidArgument, []) }
            let (status, entries) = try threadScan.page(start: start, count: count, maxEntries: maxEntries)
            return .threadResult(status, entries)
        }
    }

    /// A scan that has just started runs for `scanDuration`; when `blocking`, the answer waits for it
    /// (the request holds the device meanwhile).
    private func runScan(blocking: Bool, finish: @escaping @Sendable (isolated VirtualDevice) -> Void) async {
        emit(.scanStarted)
        if blocking {
            try? await Task.sleep(for: configuration.scanDuration)
            finish(self)
        } else {
            timers.scan = after(configuration.scanDuration, finish)
        }
    }

    private func finishWiFiScan() {
        guard let count = wifiScan.finish(found: configuration.scanResults, rssi: \.rssi, maxEntries: configuration.scanMaxEntries)
        else { return }
        emit(.scanFinished(resultCount: count))
    }

    private func finishThreadScan() {
        guard let count = threadScan.finish(found: configuration.threadScanResults, rssi: \.rssi, maxEntries: configuration.scanMaxEntries)
        else { return }
        emit(.scanFinished(resultCount: count))
    }
}
