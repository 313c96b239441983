import ProvMessages
import struct Foundation.Data

/// A `prov-config` command (wifi_provisioning's `WiFiConfigPayload` or network_provisioning's
/// `NetworkConfigPayload`, docs/protocol.md §2.8, §2.11).
enum ConfigRequest: Sendable {
    case getWiFiStatus
    case setWiFiConfig(ssid: [UInt8], passphrase: [UInt8], bssid: [UInt8])
    case applyWiFiConfig
    case getThreadStatus
    case setThreadConfig(dataset: [UInt8])
    case applyThreadConfig
}

/// The answer to a `ConfigRequest`. Config keeps `status` inside each response message (docs/protocol.md §2.9 note).
enum ConfigResponse: Sendable {
    case wifiStatus(WiFiState)
    /// A GetWifiStatus the device refuses (e.g. a Thread build): only `status` is set.
    case wifiStatusRefused(Status)
    case setWiFiConfig(Status)
    case applyWiFiConfig(Status)
    case threadStatus(ThreadState)
    case threadStatusRefused(Status)
    case setThreadConfig(Status)
    case applyThreadConfig(Status)
}

/// Decoding and encoding of `prov-config` messages, both generations in network_provisioning's schema
/// (`SharedSchema`). Dispatch is on `msg` only, except that SetConfig needs its payload (docs/protocol.md §2.1); unknown
/// `msg` (for wifi_provisioning: every Thread command) or undecodable bytes fail the request (docs/protocol.md §6.1).
enum ConfigMessages {
    static func decode(_ bytes: [UInt8], networkProvisioning: Bool) throws -> ConfigRequest {
        let payload: NPNetworkConfigPayload = networkProvisioning
            ? try SharedSchema.decode(bytes)
            : try SharedSchema.decode(bytes, via: WiFiConfigPayload.self)
        switch payload.msg {
        case .typeCmdGetWifiStatus:
            return .getWiFiStatus
        case .typeCmdSetWifiConfig:
            guard case .cmdSetWifiConfig(let command)? = payload.payload else { throw RequestFailure.missingPayload }
            return .setWiFiConfig(ssid: Array(command.ssid), passphrase: Array(command.passphrase), bssid: Array(command.bssid))
        case .typeCmdApplyWifiConfig:
            return .applyWiFiConfig
        case .typeCmdGetThreadStatus where networkProvisioning:
            return .getThreadStatus
        case .typeCmdSetThreadConfig where networkProvisioning:
            guard case .cmdSetThreadConfig(let command)? = payload.payload else { throw RequestFailure.missingPayload }
            return .setThreadConfig(dataset: Array(command.dataset))
        case .typeCmdApplyThreadConfig where networkProvisioning:
            return .applyThreadConfig
        default:
            throw RequestFailure.unknownMessageType
        }
    }

    static func encode(_ response: ConfigResponse) -> [UInt8] {
        var payload = NPNetworkConfigPayload()
        switch response {
        case .wifiStatus(let state):
            payload.msg = .typeRespGetWifiStatus
            payload.respGetWifiStatus = wifiStatus(state)
        case .wifiStatusRefused(let status):
            payload.msg = .typeRespGetWifiStatus
            payload.respGetWifiStatus = NPRespGetWifiStatus.with { $0.status = status }
        case .setWiFiConfig(let status):
            payload.msg = .typeRespSetWifiConfig
            payload.respSetWifiConfig = NPRespSetWifiConfig.with { $0.status = status }
        case .applyWiFiConfig(let status):
            payload.msg = .typeRespApplyWifiConfig
            payload.respApplyWifiConfig = NPRespApplyWifiConfig.with { $0.status = status }
        case .threadStatus(let state):
            payload.msg = .typeRespGetThreadStatus
            payload.respGetThreadStatus = threadStatus(state)
        case .threadStatusRefused(let status):
            payload.msg = .typeRespGetThreadStatus
            payload.respGetThreadStatus = NPRespGetThreadStatus.with { $0.status = status }
        case .setThreadConfig(let status):
            payload.msg = .typeRespSetThreadConfig
            payload.respSetThreadConfig = NPRespSetThreadConfig.with { $0.status = status }
        case .applyThreadConfig(let status):
            payload.msg = .typeRespApplyThreadConfig
            payload.respApplyThreadConfig = NPRespApplyThreadConfig.with { $0.status = status }
        }
        return encoded(payload)
    }

    /// wifi_config.c's mapping (docs/protocol.md §2.1, §6.1): "Connecting" has no oneof member at all; DISCONNECTED goes
    /// out as ConnectionFailed (3) + fail_reason; Disconnected (2) is never sent.
    private static func wifiStatus(_ state: WiFiState) -> NPRespGetWifiStatus {
        var response = NPRespGetWifiStatus()
        response.status = .success
        switch state {
        case .connecting:
            response.wifiStaState = .connecting
        case .attemptFailed(let remaining):
            response.wifiStaState = .connecting
            response.attemptFailed = NPWifiAttemptFailed.with { $0.attemptsRemaining = remaining }
        case .connected(let connection):
            response.wifiStaState = .connected
            response.wifiConnected = NPWifiConnectedState.with {
                $0.ip4Addr = connection.ipAddress
                $0.authMode = NPWifiAuthMode(rawValue: connection.authMode) ?? .UNRECOGNIZED(connection.authMode)
                $0.ssid = Data(connection.ssidBytes)
                $0.bssid = Data(connection.bssid)
                $0.channel = connection.channel
            }
        case .disconnected(let reason):
            response.wifiStaState = .connectionFailed
            switch reason {
            case .wrongPassword: response.wifiFailReason = .authError
            case .networkNotFound: response.wifiFailReason = .wifiNetworkNotFound
            case .other(let code): response.wifiFailReason = .UNRECOGNIZED(code)
            }
        }
        return response
    }

    /// Same shape as Wi-Fi: "attaching" has no oneof, failure is AttachingFailed (3) + reason.
    private static func threadStatus(_ state: ThreadState) -> NPRespGetThreadStatus {
        var response = NPRespGetThreadStatus()
        response.status = .success
        switch state {
        case .attaching:
            response.threadState = .attaching
        case .attached(let attachment):
            response.threadState = .attached
            response.threadAttached = NPThreadAttachState.with {
                $0.panID = attachment.panID
                $0.extPanID = Data(attachment.extendedPanID)
                $0.channel = attachment.channel
                $0.name = attachment.networkName
            }
        case .failed(let reason):
            response.threadState = .attachingFailed
            switch reason {
            case .datasetInvalid: response.threadFailReason = .datasetInvalid
            case .networkNotFound: response.threadFailReason = .threadNetworkNotFound
            case .other(let code): response.threadFailReason = .UNRECOGNIZED(code)
            }
        }
        return response
    }
}
