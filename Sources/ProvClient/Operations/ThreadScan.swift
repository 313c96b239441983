import Foundation
import ProvMessages

extension Session {
    /// Results per `CmdScanThreadResult`: 4 on every transport, as network_provisioning's esp_prov asks,
    /// so a page always fits a BLE characteristic (a Thread entry is ~55 bytes).
    public static let threadScanPageSize: UInt32 = 4

    /// Asks the device for an MLE discovery on all channels and returns what it found, in the device's
    /// order (docs/protocol.md §2.11, §6.3). Needs the `thread_scan` capability.
    public nonisolated func scanThread(maxStatusPolls: Int = 50, log: @Sendable (String) -> Void = { _ in }) async throws -> [ThreadNetwork] {
        var start = NPNetworkScanPayload()
        start.msg = .typeCmdScanThreadStart
        start.cmdScanThreadStart = NPCmdScanThreadStart.with {
            $0.blocking = true
            $0.channelMask = 0
        }
        _ = try await threadScanExchange(start)

        var count: UInt32 = 0
        for attempt in 1...maxStatusPolls {
            var status = NPNetworkScanPayload()
            status.msg = .typeCmdScanThreadStatus
            let reply = try await threadScanExchange(status)
            guard case .respScanThreadStatus(let scanStatus)? = reply.payload else {
                throw ProvError.protocolViolation("Thread scan status reply carries no status")
            }
            count = scanStatus.resultCount
            if scanStatus.scanFinished { break }
            guard attempt < maxStatusPolls else { throw ProvError.timeout("the device's Thread scan did not finish") }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        log("++++ Scan results : \(count)")
        guard count <= 255 else {
            throw ProvError.protocolViolation("device reports \(count) Thread scan results; devices hold at most 255")
        }

        var networks: [ThreadNetwork] = []
        while networks.count < Int(count) {
            let pageSize = min(Self.threadScanPageSize, count - UInt32(networks.count))
            var request = NPNetworkScanPayload()
            request.msg = .typeCmdScanThreadResult
            request.cmdScanThreadResult = NPCmdScanThreadResult.with {
                $0.startIndex = UInt32(networks.count)
                $0.count = pageSize
            }
            let reply = try await threadScanExchange(request, allowFailureStatus: true)
            guard case .respScanThreadResult(let result)? = reply.payload else {
                throw ProvError.protocolViolation("Thread scan result reply carries no results")
            }
            guard reply.status == .success, result.entries.count == Int(pageSize) else {
                throw ProvError.protocolViolation(
                    "device said \(count) Thread scan results but returned \(networks.count + result.entries.count)")
            }
            for entry in result.entries { networks.append(try Self.network(from: entry)) }
        }
        return networks
    }

    private static func network(from entry: NPThreadScanResult) throws -> ThreadNetwork {
        let name = entry.networkName.trimmingCharacters(in: CharacterSet(charactersIn: "\0"))
        guard entry.panID <= 0xffff, entry.extAddr.count == 8, entry.extPanID.count == 8, name.utf8.count <= 16 else {
            throw ProvError.protocolViolation(
                "Thread scan entry with PAN ID \(entry.panID), a \(entry.extAddr.count)-byte extended address, "
                    + "a \(entry.extPanID.count)-byte extended PAN ID or a \(name.utf8.count)-byte name")
        }
        return ThreadNetwork(
            panID: UInt16(entry.panID), channel: entry.channel, rssi: entry.rssi, lqi: entry.lqi, extendedAddress: Array(entry.extAddr),
            networkName: name, extendedPanID: Array(entry.extPanID))
    }

    private nonisolated func threadScanExchange(_ request: NPNetworkScanPayload, allowFailureStatus: Bool = false) async throws -> NPNetworkScanPayload {
        let endpoint = "prov-scan"
        let reply = try decodeReply(try await send(endpoint, try encode(request)), as: NPNetworkScanPayload.self, from: endpoint)
        try requireReplyType(reply.msg.rawValue, answering: request.msg.rawValue, endpoint: endpoint)
        if !allowFailureStatus, reply.status != .success {
            throw ProvError.deviceRefused("Error in scanning Thread networks: the device answered status \(reply.status.rawValue)")
        }
        return reply
    }
}
