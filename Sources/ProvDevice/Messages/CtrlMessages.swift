import ProvMessages

/// A `prov-ctrl` command (docs/protocol.md §2.10, §2.11); every command is dispatched on `msg` alone (§2.1).
enum CtrlRequest: Sendable {
    case wifiReset
    case wifiReprov
    case threadReset
    case threadReprov
}

/// The answer; ctrl keeps `status` in the outer payload and always sets the (empty) response member.
struct CtrlResponse: Sendable {
    var request: CtrlRequest
    var status: Status
}

enum CtrlMessages {
    static func decode(_ bytes: [UInt8], networkProvisioning: Bool) throws -> CtrlRequest {
        if networkProvisioning {
            guard let payload = try? NPNetworkCtrlPayload(serializedBytes: bytes) else { throw RequestFailure.malformedMessage }
            switch payload.msg {
            case .typeCmdCtrlWifiReset: return .wifiReset
            case .typeCmdCtrlWifiReprov: return .wifiReprov
            case .typeCmdCtrlThreadReset: return .threadReset
            case .typeCmdCtrlThreadReprov: return .threadReprov
            default: throw RequestFailure.unknownMessageType
            }
        }
        guard let payload = try? WiFiCtrlPayload(serializedBytes: bytes) else { throw RequestFailure.malformedMessage }
        switch payload.msg {
        case .typeCmdCtrlReset: return .wifiReset
        case .typeCmdCtrlReprov: return .wifiReprov
        default: throw RequestFailure.unknownMessageType
        }
    }

    static func encode(_ response: CtrlResponse, networkProvisioning: Bool) -> [UInt8] {
        if networkProvisioning {
            var payload = NPNetworkCtrlPayload()
            payload.status = response.status
            (payload.msg, payload.payload) = switch response.request {
            case .wifiReset: (.typeRespCtrlWifiReset, .respCtrlWifiReset(NPRespCtrlWifiReset()))
            case .wifiReprov: (.typeRespCtrlWifiReprov, .respCtrlWifiReprov(NPRespCtrlWifiReprov()))
            case .threadReset: (.typeRespCtrlThreadReset, .respCtrlThreadReset(NPRespCtrlThreadReset()))
            case .threadReprov: (.typeRespCtrlThreadReprov, .respCtrlThreadReprov(NPRespCtrlThreadReprov()))
            }
            return encoded(payload)
        }
        var payload = WiFiCtrlPayload()
        payload.status = response.status
        (payload.msg, payload.payload) = switch response.request {
        case .wifiReset, .threadReset: (.typeRespCtrlReset, .respCtrlReset(RespCtrlReset()))
        case .wifiReprov, .threadReprov: (.typeRespCtrlReprov, .respCtrlReprov(RespCtrlReprov()))
        }
        return encoded(payload)
    }
}
