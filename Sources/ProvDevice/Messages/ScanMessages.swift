import ProvMessages
import struct Foundation.Data

/// A `prov-scan` command (§2.9, §2.11).
enum ScanRequest: Sendable {
    case wifiStart(blocking: Bool)
    case wifiStatus
    case wifiResult(startIndex: UInt32, count: UInt32)
    case threadStart(blocking: Bool)
    case threadStatus
    case threadResult(startIndex: UInt32, count: UInt32)
}

/// The answer; scan keeps `status` in the outer payload (§2.9).
enum ScanResponse: Sendable {
    case wifiStart(Status)
    case wifiStatus(Status, finished: Bool, count: UInt32)
    case wifiResult(Status, [ScanEntry])
    case threadStart(Status)
    case threadStatus(Status, finished: Bool, count: UInt32)
    case threadResult(Status, [ThreadScanEntry])

    /// The outer payload's `status`, which every scan answer carries.
    var status: Status {
        switch self {
        case .wifiStart(let status), .threadStart(let status): return status
        case .wifiStatus(let status, _, _), .threadStatus(let status, _, _): return status
        case .wifiResult(let status, _), .threadResult(let status, _): return status
        }
    }
}

/// ScanStart and ScanResult need their payload; ScanStatus is dispatched on `msg` alone (§2.1). Both
/// generations in network_provisioning's schema (`SharedSchema`); wifi_provisioning knows no Thread
/// commands, so for it they are unknown message types.
enum ScanMessages {
    static func decode(_ bytes: [UInt8], networkProvisioning: Bool) throws -> ScanRequest {
        let payload: NPNetworkScanPayload = networkProvisioning
            ? try SharedSchema.decode(bytes)
            : try SharedSchema.decode(bytes, via: WiFiScanPayload.self)
        switch payload.msg {
        case .typeCmdScanWifiStart:
            guard case .cmdScanWifiStart(let command)? = payload.payload else { throw RequestFailure.missingPayload }
            return .wifiStart(blocking: command.blocking)
        case .typeCmdScanWifiStatus:
            return .wifiStatus
        case .typeCmdScanWifiResult:
            guard case .cmdScanWifiResult(let command)? = payload.payload else { throw RequestFailure.missingPayload }
            return .wifiResult(startIndex: command.startIndex, count: command.count)
        case .typeCmdScanThreadStart where networkProvisioning:
            guard case .cmdScanThreadStart(let command)? = payload.payload else { throw RequestFailure.missingPayload }
            return .threadStart(blocking: command.blocking)
        case .typeCmdScanThreadStatus where networkProvisioning:
            return .threadStatus
        case .typeCmdScanThreadResult where networkProvisioning:
            guard case .cmdScanThreadResult(let command)? = payload.payload else { throw RequestFailure.missingPayload }
            return .threadResult(startIndex: command.startIndex, count: command.count)
        default:
            throw RequestFailure.unknownMessageType
        }
    }

    static func encode(_ response: ScanResponse) -> [UInt8] {
        var payload = NPNetworkScanPayload()
        payload.status = response.status
        switch response {
        case .wifiStart:
            payload.msg = .typeRespScanWifiStart
            payload.respScanWifiStart = NPRespScanWifiStart()
        case .wifiStatus(_, let finished, let count):
            payload.msg = .typeRespScanWifiStatus
            payload.respScanWifiStatus = .with { $0.scanFinished = finished; $0.resultCount = count }
        case .wifiResult(_, let entries):
            payload.msg = .typeRespScanWifiResult
            payload.respScanWifiResult = .with { $0.entries = entries.map(wifiResult) }
        case .threadStart:
            payload.msg = .typeRespScanThreadStart
            payload.respScanThreadStart = NPRespScanThreadStart()
        case .threadStatus(_, let finished, let count):
            payload.msg = .typeRespScanThreadStatus
            payload.respScanThreadStatus = .with { $0.scanFinished = finished; $0.resultCount = count }
        case .threadResult(_, let entries):
            payload.msg = .typeRespScanThreadResult
            payload.respScanThreadResult = .with { $0.entries = entries.map(threadResult) }
        }
        return encoded(payload)
    }

    private static func wifiResult(_ entry: ScanEntry) -> NPWiFiScanResult {
        NPWiFiScanResult.with {
            $0.ssid = Data(entry.ssid)
            $0.channel = entry.channel
            $0.rssi = entry.rssi
            $0.bssid = Data(entry.bssid)
            $0.auth = NPWifiAuthMode(rawValue: entry.auth) ?? .UNRECOGNIZED(entry.auth)
        }
    }

    private static func threadResult(_ entry: ThreadScanEntry) -> NPThreadScanResult {
        NPThreadScanResult.with {
            $0.panID = entry.panID
            $0.channel = entry.channel
            $0.rssi = entry.rssi
            $0.lqi = entry.lqi
            $0.extAddr = Data(entry.extAddr)
            $0.networkName = entry.networkName
            $0.extPanID = Data(entry.extPanID)
        }
    }
}
