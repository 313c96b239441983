@testable import ProvDevice
import ProvMessages
import XCTest
import struct Foundation.Data

/// One schema for both provisioning managers (docs/protocol.md §2.11): wifi_provisioning's answers
/// are byte for byte what its own .proto gives, and its requests are read with its own .proto's
/// knowledge, so a field only network_provisioning knows changes nothing for it.
final class SharedSchemaTests: XCTestCase {
    private let connection = WiFiConnection(
        ipAddress: "192.168.1.42", ssidBytes: Array("Lab-OWE".utf8), bssid: [2, 0xa0, 0xb0, 0xc0, 0xd0, 0xe0], channel: 13, authMode: 9
    )

    func testWiFiProvisioningConfigAnswersAreItsOwnSchemasBytes() throws {
        func status(_ fill: (inout RespGetStatus) -> Void) throws -> [UInt8] {
            var payload = WiFiConfigPayload()
            payload.msg = .typeRespGetStatus
            payload.respGetStatus = RespGetStatus.with(fill)
            return try payload.serializedBytes()
        }
        let expected: [(ConfigResponse, [UInt8])] = [
            (.wifiStatus(.connecting), try status { $0.status = .success; $0.staState = .connecting }),
            (.wifiStatus(.attemptFailed(remaining: 2)), try status {
                $0.status = .success
                $0.staState = .connecting
                $0.attemptFailed = WifiAttemptFailed.with { $0.attemptsRemaining = 2 }
            }),
            (.wifiStatus(.connected(connection)), try status {
                $0.status = .success
                $0.staState = .connected
                $0.connected = WifiConnectedState.with {
                    $0.ip4Addr = "192.168.1.42"
                    $0.authMode = .UNRECOGNIZED(9)
                    $0.ssid = Data("Lab-OWE".utf8)
                    $0.bssid = Data([2, 0xa0, 0xb0, 0xc0, 0xd0, 0xe0])
                    $0.channel = 13
                }
            }),
            (.wifiStatus(.disconnected(.wrongPassword)), try status { $0.status = .success; $0.staState = .connectionFailed; $0.failReason = .authError }),
            (.wifiStatus(.disconnected(.networkNotFound)), try status {
                $0.status = .success
                $0.staState = .connectionFailed
                $0.failReason = .networkNotFound
            }),
            // A reason newer than wifi_provisioning's .proto goes out as its number, as a newer board's would.
            (.wifiStatus(.disconnected(.other(7))), try status {
                $0.status = .success
                $0.staState = .connectionFailed
                $0.failReason = .UNRECOGNIZED(7)
            }),
            (.wifiStatusRefused(.invalidArgument), try status { $0.status = .invalidArgument }),
            (.setWiFiConfig(.invalidArgument), try WiFiConfigPayload.with {
                $0.msg = .typeRespSetConfig
                $0.respSetConfig = RespSetConfig.with { $0.status = .invalidArgument }
            }.serializedBytes()),
            (.applyWiFiConfig(.internalError), try WiFiConfigPayload.with {
                $0.msg = .typeRespApplyConfig
                $0.respApplyConfig = RespApplyConfig.with { $0.status = .internalError }
            }.serializedBytes()),
        ]
        for (index, (response, bytes)) in expected.enumerated() {
            XCTAssertEqual(ConfigMessages.encode(response), bytes, "config answer \(index)")
        }
    }

    func testWiFiProvisioningScanAnswersAreItsOwnSchemasBytes() throws {
        let entries = ScanEntry.defaultList
        let expected: [(ScanResponse, [UInt8])] = [
            (.wifiStart(.success), try WiFiScanPayload.with {
                $0.msg = .typeRespScanStart
                $0.respScanStart = RespScanStart()
            }.serializedBytes()),
            (.wifiStatus(.success, finished: true, count: 5), try WiFiScanPayload.with {
                $0.msg = .typeRespScanStatus
                $0.respScanStatus = RespScanStatus.with { $0.scanFinished = true; $0.resultCount = 5 }
            }.serializedBytes()),
            (.wifiResult(.internalError, entries), try WiFiScanPayload.with {
                $0.msg = .typeRespScanResult
                $0.status = .internalError
                $0.respScanResult = RespScanResult.with {
                    $0.entries = entries.map { entry in
                        WiFiScanResult.with {
                            $0.ssid = Data(entry.ssid)
                            $0.channel = entry.channel
                            $0.rssi = entry.rssi
                            $0.bssid = Data(entry.bssid)
                            $0.auth = WifiAuthMode(rawValue: entry.auth) ?? .UNRECOGNIZED(entry.auth)
                        }
                    }
                }
            }.serializedBytes()),
        ]
        for (index, (response, bytes)) in expected.enumerated() {
            XCTAssertEqual(ScanMessages.encode(response), bytes, "scan answer \(index)")
        }
    }

    func testAFieldOnlyNetworkProvisioningKnowsIsSkippedByWiFiProvisioning() throws {
        // ScanStart{blocking} followed by field 16 (network_provisioning's cmd_scan_thread_start).
        let scanStart: [UInt8] = [0x52, 0x02, 0x08, 0x01]
        let withThreadMember = scanStart + [0x82, 0x01, 0x00]
        guard case .wifiStart(blocking: true) = try ScanMessages.decode(withThreadMember, networkProvisioning: false) else {
            return XCTFail("wifi_provisioning does not know field 16 and starts a blocking scan")
        }
        // network_provisioning reads field 16 as the oneof's last member: the ScanStart payload is gone.
        XCTAssertThrowsError(try ScanMessages.decode(withThreadMember, networkProvisioning: true)) {
            XCTAssertEqual($0 as? RequestFailure, .missingPayload)
        }
        // Field 16 as a varint is no message, but to wifi_provisioning it is just an unknown field.
        guard case .wifiStart(blocking: true) = try ScanMessages.decode(scanStart + [0x80, 0x01, 0x01], networkProvisioning: false) else {
            return XCTFail("an unknown field of any wire type is skipped")
        }
    }

    func testThreadCommandsAreUnknownMessageTypesToWiFiProvisioning() throws {
        // msg 6 with an empty member 16: ScanThreadStart in network_scan.proto, GetThreadStatus in network_config.proto.
        let threadScanStart: [UInt8] = [0x08, 0x06, 0x82, 0x01, 0x00]
        let getThreadStatus = threadScanStart
        XCTAssertThrowsError(try ScanMessages.decode(threadScanStart, networkProvisioning: false)) {
            XCTAssertEqual($0 as? RequestFailure, .unknownMessageType)
        }
        guard case .threadStart(blocking: false) = try ScanMessages.decode(threadScanStart, networkProvisioning: true) else {
            return XCTFail("network_provisioning's ScanThreadStart")
        }
        XCTAssertThrowsError(try ConfigMessages.decode(getThreadStatus, networkProvisioning: false)) {
            XCTAssertEqual($0 as? RequestFailure, .unknownMessageType)
        }
        guard case .getThreadStatus = try ConfigMessages.decode(getThreadStatus, networkProvisioning: true) else {
            return XCTFail("network_provisioning's GetThreadStatus")
        }
    }
}
