import ProvMessages

/// `prov-ctrl` commands (IDF v5.1+, PROTOCOL.md §2.10, §6.1).
public enum ControlCommand: String, Sendable {
    /// Clears the stored credentials after a failed attempt so new ones can be applied.
    case reset
    /// Returns a provisioned device to provisioning (needs auto-stop disabled in firmware).
    case reprovision
}

extension Session {
    public nonisolated func control(_ command: ControlCommand) async throws {
        let endpoint = "prov-ctrl"
        var request = WiFiCtrlPayload()
        switch command {
        case .reset: request.msg = .typeCmdCtrlReset
        case .reprovision: request.msg = .typeCmdCtrlReprov
        }
        let bytes: [UInt8]
        do {
            bytes = try await send(endpoint, try encode(request))
        } catch ProvError.endpointNotFound {
            throw ProvError.unsupported(
                "the device has no prov-ctrl endpoint, so it cannot \(command == .reset ? "reset" : "reprovision") "
                    + "over the air (it needs ESP-IDF v5.1 or newer firmware)")
        }
        let reply = try decodeReply(bytes, as: WiFiCtrlPayload.self, from: endpoint)
        try requireReplyType(reply.msg.rawValue, answering: request.msg.rawValue, endpoint: endpoint)
        guard reply.status == .success else {
            let why = command == .reset
                ? "a reset is only accepted after a failed connection attempt"
                : "reprovisioning needs firmware that disabled auto-stop"
            throw ProvError.deviceRefused("device refused \(command.rawValue) (status \(reply.status.rawValue)): \(why)")
        }
    }
}
