import Foundation
import ProvMessages

extension Session {
    /// Sends the Wi-Fi credentials (`CmdSetConfig`). The device only stores them; `applyWiFiConfig` uses them.
    public nonisolated func setWiFiConfig(ssid: [UInt8], passphrase: [UInt8]) async throws {
        guard (1...32).contains(ssid.count) else { throw ProvError.usage("SSID must be 1 to 32 bytes, got \(ssid.count)") }
        guard passphrase.count <= 63 else {
            throw ProvError.usage("Wi-Fi passphrase must be at most 63 bytes, got \(passphrase.count)")
        }
        var request = WiFiConfigPayload()
        request.msg = .typeCmdSetConfig
        var command = CmdSetConfig()
        command.ssid = Data(ssid)
        command.passphrase = Data(passphrase)
        request.cmdSetConfig = command
        let reply = try await configExchange(request)
        guard case .respSetConfig(let response)? = reply.payload else {
            throw ProvError.protocolViolation(ProtocolViolation(.missingField("response", reply: "set-config")))
        }
        guard response.status == .success else {
            throw ProvError.deviceRefused(DeviceRefusal(.setWiFiConfig, status: response.status.rawValue))
        }
    }

    /// Tells the device to connect with the credentials it was sent (`CmdApplyConfig`); one-shot per run.
    public nonisolated func applyWiFiConfig() async throws {
        var request = WiFiConfigPayload()
        request.msg = .typeCmdApplyConfig
        let reply = try await configExchange(request)
        guard case .respApplyConfig(let response)? = reply.payload else {
            throw ProvError.protocolViolation(ProtocolViolation(.missingField("response", reply: "apply-config")))
        }
        guard response.status == .success else {
            throw ProvError.deviceRefused(DeviceRefusal(.applyWiFiConfig, status: response.status.rawValue))
        }
    }

    /// Asks the device how its Wi-Fi connection is going (`CmdGetStatus`).
    public nonisolated func wifiStatus() async throws -> WiFiStatus {
        var request = WiFiConfigPayload()
        request.msg = .typeCmdGetStatus
        request.cmdGetStatus = CmdGetStatus()
        let reply = try await configExchange(request)
        guard case .respGetStatus(let status)? = reply.payload else {
            throw ProvError.protocolViolation(ProtocolViolation(.missingField("status", reply: "status")))
        }
        guard status.status == .success else {
            throw ProvError.deviceRefused(DeviceRefusal(.wifiStatus, status: status.status.rawValue))
        }
        switch (status.staState, status.state) {
        case (.connected, .connected(let info)?):
            return .joined(WiFiConnection(
                ipAddress: printableDeviceText(info.ip4Addr), ssidBytes: Array(info.ssid), ssid: displayText(Array(info.ssid)),
                bssid: Array(info.bssid), channel: info.channel, authMode: info.authMode.rawValue))
        case (.connected, _):
            throw ProvError.protocolViolation(ProtocolViolation(.stateWithoutDetails(state: "Connected", details: "connection details")))
        case (.connecting, .attemptFailed(let attempt)?):
            return .joining(attemptsRemaining: attempt.attemptsRemaining)
        case (.connecting, _):
            return .joining(attemptsRemaining: nil)
        case (.connectionFailed, .failReason(let reason)?):
            switch reason {
            case .authError: return .failed(.wrongPassword)
            case .networkNotFound: return .failed(.networkNotFound)
            case .UNRECOGNIZED(let value): return .failed(.other(value))
            }
        case (.connectionFailed, _):
            return .failed(.other(-1))
        case (.disconnected, _):
            return .disconnected
        case (.UNRECOGNIZED(let value), _):
            throw ProvError.protocolViolation(ProtocolViolation(.unknownState(machine: "Wi-Fi station state", value: value)))
        }
    }

    private nonisolated func configExchange(_ request: WiFiConfigPayload) async throws -> WiFiConfigPayload {
        let endpoint = "prov-config"
        let reply = try decodeReply(try await send(endpoint, try encode(request)), as: WiFiConfigPayload.self, from: endpoint)
        try requireReplyType(reply.msg.rawValue, answering: request.msg.rawValue, endpoint: endpoint)
        return reply
    }
}
