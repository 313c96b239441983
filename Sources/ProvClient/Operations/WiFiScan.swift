import ProvMessages

extension Session {
    /// Asks the device to scan and returns what it found, strongest first as the device sorts it
    /// (docs/protocol.md §5.2 scan sub-flow, §6.3). Results are fetched in pages small enough for the transport.
    public nonisolated func scanWiFi(
        transport kind: TransportKind, maxStatusPolls: Int = 50, log: @Sendable (String) -> Void = { _ in }
    ) async throws -> [AccessPoint] {
        var start = WiFiScanPayload()
        start.msg = .typeCmdScanStart
        var command = CmdScanStart()
        command.blocking = true
        command.passive = false
        command.groupChannels = kind.scanGroupChannels
        command.periodMs = 120
        start.cmdScanStart = command
        _ = try await scanExchange(start)

        var count: UInt32 = 0
        for attempt in 1...maxStatusPolls {
            var status = WiFiScanPayload()
            status.msg = .typeCmdScanStatus
            let reply = try await scanExchange(status)
            guard case .respScanStatus(let scanStatus)? = reply.payload else {
                throw ProvError.protocolViolation("scan status reply carries no status")
            }
            count = scanStatus.resultCount
            if scanStatus.scanFinished { break }
            guard attempt < maxStatusPolls else { throw ProvError.timeout("the device's Wi-Fi scan did not finish") }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        log("++++ Scan results : \(count)")
        guard count <= 255 else {
            throw ProvError.protocolViolation("device reports \(count) scan results; devices hold at most 255")
        }

        var accessPoints: [AccessPoint] = []
        while accessPoints.count < Int(count) {
            let pageSize = min(kind.scanPageSize, count - UInt32(accessPoints.count))
            var request = WiFiScanPayload()
            request.msg = .typeCmdScanResult
            var page = CmdScanResult()
            page.startIndex = UInt32(accessPoints.count)
            page.count = pageSize
            request.cmdScanResult = page
            let reply = try await scanExchange(request, allowFailureStatus: true)
            guard case .respScanResult(let result)? = reply.payload else {
                throw ProvError.protocolViolation("scan result reply carries no results")
            }
            guard reply.status == .success, result.entries.count == Int(pageSize) else {
                throw ProvError.protocolViolation(
                    "device said \(count) scan results but returned \(accessPoints.count + result.entries.count)")
            }
            for entry in result.entries {
                guard entry.ssid.count <= 32, entry.bssid.count == 6 || entry.bssid.isEmpty else {
                    throw ProvError.protocolViolation("scan entry with a \(entry.ssid.count)-byte SSID or \(entry.bssid.count)-byte BSSID")
                }
                accessPoints.append(AccessPoint(
                    ssidBytes: Array(entry.ssid), bssid: Array(entry.bssid), channel: entry.channel,
                    rssi: entry.rssi, auth: WiFiAuthMode(rawValue: entry.auth.rawValue)))
            }
        }
        return accessPoints
    }

    private nonisolated func scanExchange(_ request: WiFiScanPayload, allowFailureStatus: Bool = false) async throws -> WiFiScanPayload {
        let endpoint = "prov-scan"
        let reply = try decodeReply(try await send(endpoint, try encode(request)), as: WiFiScanPayload.self, from: endpoint)
        try requireReplyType(reply.msg.rawValue, answering: request.msg.rawValue, endpoint: endpoint)
        if !allowFailureStatus, reply.status != .success {
            throw ProvError.deviceRefused("Error in scanning Wi-Fi APs: the device answered status \(reply.status.rawValue)")
        }
        return reply
    }
}
