import Foundation
import ProvMessages

/// The Thread half of network_provisioning's `prov-config` (docs/protocol.md §2.11, Appendix A.3).
extension Session {
    /// Sends the dataset (`CmdSetThreadConfig`). The device only stores it; `applyThreadDataset` uses it.
    public nonisolated func setThreadDataset(_ dataset: ThreadOperationalDataset) async throws {
        var request = NPNetworkConfigPayload()
        request.msg = .typeCmdSetThreadConfig
        request.cmdSetThreadConfig = NPCmdSetThreadConfig.with { $0.dataset = Data(dataset.tlvs) }
        let reply = try await threadConfigExchange(request)
        guard case .respSetThreadConfig(let response)? = reply.payload else {
            throw ProvError.protocolViolation(ProtocolViolation(.missingField("response", reply: "set-thread-config")))
        }
        guard response.status == .success else {
            throw ProvError.deviceRefused(DeviceRefusal(.setThreadConfig, status: response.status.rawValue))
        }
    }

    /// Tells the device to attach with the stored dataset (`CmdApplyThreadConfig`, sent as just `msg`
    /// like esp_prov's ApplyConfig); one-shot per run. network_provisioning parses the dataset here:
    /// one OpenThread cannot parse fails this command and GetThreadStatus then reports DatasetInvalid.
    public nonisolated func applyThreadDataset() async throws {
        var request = NPNetworkConfigPayload()
        request.msg = .typeCmdApplyThreadConfig
        let reply = try await threadConfigExchange(request)
        guard case .respApplyThreadConfig(let response)? = reply.payload else {
            throw ProvError.protocolViolation(ProtocolViolation(.missingField("response", reply: "apply-thread-config")))
        }
        guard response.status == .success else {
            throw ProvError.deviceRefused(DeviceRefusal(.applyThreadConfig, status: response.status.rawValue))
        }
    }

    /// Asks the device how its Thread attach is going (`CmdGetThreadStatus`).
    public nonisolated func threadStatus() async throws -> ThreadStatus {
        var request = NPNetworkConfigPayload()
        request.msg = .typeCmdGetThreadStatus
        request.cmdGetThreadStatus = NPCmdGetThreadStatus()
        let reply = try await threadConfigExchange(request)
        guard case .respGetThreadStatus(let status)? = reply.payload else {
            throw ProvError.protocolViolation(ProtocolViolation(.missingField("status", reply: "Thread status")))
        }
        guard status.status == .success else {
            throw ProvError.deviceRefused(DeviceRefusal(.threadStatus, status: status.status.rawValue))
        }
        switch (status.threadState, status.state) {
        case (.attached, .threadAttached(let info)?):
            guard info.panID <= 0xffff, info.extPanID.count == 8 else {
                throw ProvError.protocolViolation(ProtocolViolation(
                    .malformed(.threadAttached(panID: info.panID, extendedPanIDBytes: info.extPanID.count))))
            }
            return .joined(ThreadAttachment(
                panID: info.panID, extendedPanID: Array(info.extPanID), channel: info.channel,
                networkName: info.name.trimmingCharacters(in: CharacterSet(charactersIn: "\0"))))
        case (.attached, _):
            throw ProvError.protocolViolation(ProtocolViolation(.stateWithoutDetails(state: "Attached", details: "the network's details")))
        case (.attaching, _):
            return .joining(attemptsRemaining: nil)
        case (.dettached, _):
            return .disconnected
        case (.attachingFailed, .threadFailReason(let reason)?):
            switch reason {
            case .datasetInvalid: return .failed(.datasetInvalid)
            case .threadNetworkNotFound: return .failed(.networkNotFound)
            case .UNRECOGNIZED(let value): return .failed(.other(value))
            }
        case (.attachingFailed, _):
            return .failed(.other(-1))
        case (.UNRECOGNIZED(let value), _):
            throw ProvError.protocolViolation(ProtocolViolation(.unknownState(machine: "Thread state", value: value)))
        }
    }

    private nonisolated func threadConfigExchange(_ request: NPNetworkConfigPayload) async throws -> NPNetworkConfigPayload {
        let endpoint = "prov-config"
        let reply = try decodeReply(try await send(endpoint, try encode(request)), as: NPNetworkConfigPayload.self, from: endpoint)
        try requireReplyType(reply.msg.rawValue, answering: request.msg.rawValue, endpoint: endpoint)
        return reply
    }
}
