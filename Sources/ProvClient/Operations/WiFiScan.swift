import ProvMessages

extension Session {
    /// Asks the device to scan and returns what it found, strongest first as the device sorts it
    /// (docs/protocol.md §5.2 scan sub-flow, §6.3). Results are fetched in pages small enough for the transport.
    public nonisolated func scanWiFi(
        transport kind: TransportKind, maxStatusPolls: Int = 50, log: @Sendable (String) -> Void = { _ in }
    ) async throws -> [AccessPoint] {
        try await pagedScan(
            WiFiScanMessages.self, pageSize: kind.scanPageSize, groupChannels: kind.scanGroupChannels,
            maxStatusPolls: maxStatusPolls, log: log)
    }
}

/// wifi_scan.proto's messages for `Session.pagedScan`.
enum WiFiScanMessages: PagedScanMessages {
    static let label = ""
    static let network = DeviceInfo.Network.wifi

    static func start(groupChannels: UInt32) -> WiFiScanPayload {
        WiFiScanPayload.with {
            $0.msg = .typeCmdScanStart
            $0.cmdScanStart = CmdScanStart.with { command in
                command.blocking = true
                command.passive = false
                command.groupChannels = groupChannels
                command.periodMs = 120
            }
        }
    }

    static func status() -> WiFiScanPayload {
        WiFiScanPayload.with { $0.msg = .typeCmdScanStatus }
    }

    static func page(from start: UInt32, count: UInt32) -> WiFiScanPayload {
        WiFiScanPayload.with {
            $0.msg = .typeCmdScanResult
            $0.cmdScanResult = CmdScanResult.with { page in
                page.startIndex = start
                page.count = count
            }
        }
    }

    static func scanStatus(of reply: WiFiScanPayload) -> (count: UInt32, finished: Bool)? {
        guard case .respScanStatus(let status)? = reply.payload else { return nil }
        return (status.resultCount, status.scanFinished)
    }

    static func entries(of reply: WiFiScanPayload) -> [WiFiScanResult]? {
        guard case .respScanResult(let result)? = reply.payload else { return nil }
        return result.entries
    }

    static func result(from entry: WiFiScanResult) throws -> AccessPoint {
        guard entry.ssid.count <= 32, entry.bssid.count == 6 || entry.bssid.isEmpty else {
            throw ProvError.protocolViolation(ProtocolViolation(
                .malformed(.wifiScan(ssidBytes: entry.ssid.count, bssidBytes: entry.bssid.count))))
        }
        return AccessPoint(
            ssidBytes: Array(entry.ssid), bssid: Array(entry.bssid), channel: entry.channel,
            rssi: entry.rssi, auth: WiFiAuthMode(rawValue: entry.auth.rawValue))
    }

    static func messageType(of payload: WiFiScanPayload) -> Int { payload.msg.rawValue }
    static func succeeded(_ reply: WiFiScanPayload) -> Bool { reply.status == .success }
    static func statusCode(of reply: WiFiScanPayload) -> Int { reply.status.rawValue }
}
