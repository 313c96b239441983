import ProvMessages

/// `prov-ctrl` commands (IDF v5.1+, docs/protocol.md §2.10, §2.11, §6.1).
public enum ControlCommand: String, Sendable {
    /// Clears the stored credentials after a failed attempt so new ones can be applied.
    case reset
    /// Returns a provisioned device to provisioning (needs auto-stop disabled in firmware).
    case reprovision
}

extension Session {
    /// Sends `command` in the variant for the device's network: `WiFiCtrlPayload` (wire-identical to
    /// network_provisioning's Wi-Fi commands) or, on a Thread device, `CmdCtrlThreadReset`/`Reprov`,
    /// which a Thread build needs (it answers the Wi-Fi ones with InvalidArgument).
    public nonisolated func control(_ command: ControlCommand) async throws {
        let endpoint = "prov-ctrl"
        let request: [UInt8]
        let sentType: Int
        if info.network == .thread {
            var payload = NPNetworkCtrlPayload()
            payload.msg = command == .reset ? .typeCmdCtrlThreadReset : .typeCmdCtrlThreadReprov
            request = try encode(payload)
            sentType = payload.msg.rawValue
        } else {
            var payload = WiFiCtrlPayload()
            payload.msg = command == .reset ? .typeCmdCtrlReset : .typeCmdCtrlReprov
            request = try encode(payload)
            sentType = payload.msg.rawValue
        }
        let bytes: [UInt8]
        do {
            bytes = try await send(endpoint, request)
        } catch ProvError.endpointNotFound {
            throw ProvError.unsupported(Unsupported(.control(command)))
        }
        // Both payloads keep msg (#1) and status (#2) at the same place, so one decoding serves both.
        let reply = try decodeReply(bytes, as: NPNetworkCtrlPayload.self, from: endpoint)
        try requireReplyType(reply.msg.rawValue, answering: sentType, endpoint: endpoint)
        guard reply.status == .success else {
            throw ProvError.deviceRefused(DeviceRefusal(.control(command, info.network), status: reply.status.rawValue))
        }
    }
}
