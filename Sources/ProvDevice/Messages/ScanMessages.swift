import ProvMessages
import struct Foundation.Data

/// A `prov-scan` command, from `WiFiScanPayload` or the wire-identical Wi-Fi half of
/// `NetworkScanPayload` (§2.9, §2.11).
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
}

/// ScanStart and ScanResult need their payload; ScanStatus is dispatched on `msg` alone (§2.1).
enum ScanMessages {
    static func decode(_ bytes: [UInt8], networkProvisioning: Bool) throws -> ScanRequest {
        networkProvisioning ? try decodeNetwork(bytes) : try decodeWiFi(bytes)
    }

    private static func decodeWiFi(_ bytes: [UInt8]) throws -> ScanRequest {
        guard let payload = try? WiFiScanPayload(serializedBytes: bytes) else { throw RequestFailure.malformedMessage }
        switch payload.msg {
        case .typeCmdScanStart:
            guard case .cmdScanStart(let command)? = payload.payload else { throw RequestFailure.missingPayload }
            return .wifiStart(blocking: command.blocking)
        case .typeCmdScanStatus:
            return .wifiStatus
        case .typeCmdScanResult:
            guard case .cmdScanResult(let command)? = payload.payload else { throw RequestFailure.missingPayload }
            return .wifiResult(startIndex: command.startIndex, count: command.count)
        default:
            throw RequestFailure.unknownMessageType
        }
    }

    private static func decodeNetwork(_ bytes: [UInt8]) throws -> ScanRequest {
        guard let payload = try? NPNetworkScanPayload(serializedBytes: bytes) else { throw RequestFailure.malformedMessage }
        switch payload.msg {
        case .typeCmdScanWifiStart:
            guard case .cmdScanWifiStart(let command)? = payload.payload else { throw RequestFailure.missingPayload }
            return .wifiStart(blocking: command.blocking)
        case .typeCmdScanWifiStatus:
            return .wifiStatus
        case .typeCmdScanWifiResult:
            guard case .cmdScanWifiResult(let command)? = payload.payload else { throw RequestFailure.missingPayload }
            return .wifiResult(startIndex: command.startIndex, count: command.count)
        case .typeCmdScanThreadStart:
            guard case .cmdScanThreadStart(let command)? = payload.payload else { throw RequestFailure.missingPayload }
            return .threadStart(blocking: command.blocking)
        case .typeCmdScanThreadStatus:
            return .threadStatus
        case .typeCmdScanThreadResult:
            guard case .cmdScanThreadResult(let command)? = payload.payload else { throw RequestFailure.missingPayload }
            return .threadResult(startIndex: command.startIndex, count: command.count)
        default:
            throw RequestFailure.unknownMessageType
        }
    }

    static func encode(_ response: ScanResponse, networkProvisioning: Bool) -> [UInt8] {
        networkProvisioning ? encodeNetwork(response) : encodeWiFi(response)
    }

    private static func encodeWiFi(_ response: ScanResponse) -> [UInt8] {
        var payload = WiFiScanPayload()
        switch response {
        case .wifiStart(let status):
            payload.msg = .typeRespScanStart
            payload.status = status
            payload.respScanStart = RespScanStart()
        case .wifiStatus(let status, let finished, let count):
            payload.msg = .typeRespScanStatus
            payload.status = status
            payload.respScanStatus = RespScanStatus.with {
                $0.scanFinished = finished
                $0.resultCount = count
            }
        case .wifiResult(let status, let entries):
            payload.msg = .typeRespScanResult
            payload.status = status
            payload.respScanResult = RespScanResult.with { $0.entries = entries.map(wifiResult) }
        case .threadStart, .threadStatus, .threadResult:
            return []  // never produced: wifi_provisioning has no Thread scan
        }
        return encoded(payload)
    }

    private static func wifiResult(_ entry: ScanEntry) -> WiFiScanResult {
        WiFiScanResult.with {
            $0.ssid = Data(entry.ssid)
            $0.channel = entry.channel
            $0.rssi = entry.rssi
            $0.bssid = Data(entry.bssid)
            $0.auth = WifiAuthMode(rawValue: entry.auth) ?? .UNRECOGNIZED(entry.auth)
        }
    }

    private static func encodeNetwork(_ response: ScanResponse) -> [UInt8] {
        var payload = NPNetworkScanPayload()
        switch response {
        case .wifiStart(let status):
            payload.msg = .typeRespScanWifiStart
            payload.status = status
            payload.respScanWifiStart = NPRespScanWifiStart()
        case .wifiStatus(let status, let finished, let count):
            payload.msg = .typeRespScanWifiStatus
            payload.status = status
            payload.respScanWifiStatus = NPRespScanWifiStatus.with {
                $0.scanFinished = finished
                $0.resultCount = count
            }
        case .wifiResult(let status, let entries):
            payload.msg = .typeRespScanWifiResult
            payload.status = status
            payload.respScanWifiResult = NPRespScanWifiResult.with {
                $0.entries = entries.map { entry in
                    NPWiFiScanResult.with {
                        $0.ssid = Data(entry.ssid)
                        $0.channel = entry.channel
                        $0.rssi = entry.rssi
                        $0.bssid = Data(entry.bssid)
                        $0.auth = NPWifiAuthMode(rawValue: entry.auth) ?? .UNRECOGNIZED(entry.auth)
                    }
                }
            }
        case .threadStart(let status):
            payload.msg = .typeRespScanThreadStart
            payload.status = status
            payload.respScanThreadStart = NPRespScanThreadStart()
        case .threadStatus(let status, let finished, let count):
            payload.msg = .typeRespScanThreadStatus
            payload.status = status
            payload.respScanThreadStatus = NPRespScanThreadStatus.with {
                $0.scanFinished = finished
                $0.resultCount = count
            }
        case .threadResult(let status, let entries):
            payload.msg = .typeRespScanThreadResult
            payload.status = status
            payload.respScanThreadResult = NPRespScanThreadResult.with {
                $0.entries = entries.map { entry in
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
        }
        return encoded(payload)
    }
}
