import Foundation
import ProvMessages

extension Session {
    /// Results per `CmdScanThreadResult`: 4 on every transport, as network_provisioning's esp_prov asks,
    /// so a page always fits a BLE characteristic (a Thread entry is ~55 bytes).
    public static let threadScanPageSize: UInt32 = 4

    /// Asks the device for an MLE discovery on all channels and returns what it found, in the device's
    /// order (docs/protocol.md §2.11, §6.3). Needs the `thread_scan` capability.
    public nonisolated func scanThread(maxStatusPolls: Int = 50, log: @Sendable (String) -> Void = { _ in }) async throws -> [ThreadNetwork] {
        try await pagedScan(ThreadScanMessages.self, pageSize: Self.threadScanPageSize, maxStatusPolls: maxStatusPolls, log: log)
    }
}

/// network_scan.proto's Thread messages for `Session.pagedScan`.
enum ThreadScanMessages: PagedScanMessages {
    static let label = "Thread "
    static let network = DeviceInfo.Network.thread

    static func start(groupChannels: UInt32) -> NPNetworkScanPayload {
        var start = NPNetworkScanPayload()
        start.msg = .typeCmdScanThreadStart
        start.cmdScanThreadStart = NPCmdScanThreadStart.with {
            $0.blocking = true
            $0.channelMask = 0
        }
        return start
    }

    static func status() -> NPNetworkScanPayload {
        var status = NPNetworkScanPayload()
        status.msg = .typeCmdScanThreadStatus
        return status
    }

    static func page(from start: UInt32, count: UInt32) -> NPNetworkScanPayload {
        var request = NPNetworkScanPayload()
        request.msg = .typeCmdScanThreadResult
        request.cmdScanThreadResult = NPCmdScanThreadResult.with {
            $0.startIndex = start
            $0.count = count
        }
        return request
    }

    static func scanStatus(of reply: NPNetworkScanPayload) -> (count: UInt32, finished: Bool)? {
        guard case .respScanThreadStatus(let status)? = reply.payload else { return nil }
        return (status.resultCount, status.scanFinished)
    }

    static func entries(of reply: NPNetworkScanPayload) -> [NPThreadScanResult]? {
        guard case .respScanThreadResult(let result)? = reply.payload else { return nil }
        return result.entries
    }

    static func result(from entry: NPThreadScanResult) throws -> ThreadNetwork {
        let name = entry.networkName.trimmingCharacters(in: CharacterSet(charactersIn: "\0"))
        guard entry.panID <= 0xffff, entry.extAddr.count == 8, entry.extPanID.count == 8, name.utf8.count <= 16 else {
            throw ProvError.protocolViolation(ProtocolViolation(.malformed(.threadScan(
                panID: entry.panID, extendedAddressBytes: entry.extAddr.count, extendedPanIDBytes: entry.extPanID.count,
                nameBytes: name.utf8.count))))
        }
        return ThreadNetwork(
            panID: UInt16(entry.panID), channel: entry.channel, rssi: entry.rssi, lqi: entry.lqi, extendedAddress: Array(entry.extAddr),
            networkName: name, extendedPanID: Array(entry.extPanID))
    }

    static func messageType(of payload: NPNetworkScanPayload) -> Int { payload.msg.rawValue }
    static func succeeded(_ reply: NPNetworkScanPayload) -> Bool { reply.status == .success }
    static func statusCode(of reply: NPNetworkScanPayload) -> Int { reply.status.rawValue }
}
