import TestSupport
import XCTest
@testable import ProvClient
import ProvTesting

/// What the operations put on the wire, against the canonical encodings in Fixtures/messages.json,
/// through a security 0 session so the bytes are visible.
final class MessageBytesTests: XCTestCase {
    private var messages: [String: String] = [:]

    override func setUpWithError() throws {
        messages = try Fixtures.strings("messages.json", key: "messages")
    }

    private func session(_ transport: ScriptedTransport) async throws -> Session {
        let info = try DeviceInfo(parsing: Array(#"{"prov":{"ver":"v1.1","sec_ver":0,"cap":["no_sec","wifi_scan"]}}"#.utf8))
        return try await Session.establish(over: transport, info: info, scheme: Security0())
    }

    private func reply(_ key: String) throws -> [UInt8] {
        [UInt8](hex: try XCTUnwrap(messages[key], key))
    }

    func testConfigCommandsAndStatusDecoding() async throws {
        var statusReply = "WiFiConfigPayload RespGetStatus Connecting (no oneof)"
        let transport = ScriptedTransport { endpoint, request in
            switch (endpoint, request.hex) {
            case ("prov-session", _): return try self.reply("SessionData/sec0 S0SessionResp (device)")
            case (_, "5200"): return try self.reply(statusReply)
            case (_, "0804"): return try self.reply("WiFiConfigPayload RespApplyConfig Success")
            default: return try self.reply("WiFiConfigPayload RespSetConfig Success")
            }
        }
        let session = try await session(transport)
        try await session.setWiFiConfig(ssid: Array("HomeNet".utf8), passphrase: Array("secret123".utf8))
        try await session.applyWiFiConfig()
        let connecting = try await session.wifiStatus()
        XCTAssertEqual(connecting, .joining(attemptsRemaining: nil))
        XCTAssertEqual(transport.requests.map(\.bytes.hex), [
            messages["SessionData/sec0 S0SessionCmd (client)"], messages["WiFiConfigPayload CmdSetConfig"],
            messages["WiFiConfigPayload CmdApplyConfig (esp_prov: no payload)"], messages["WiFiConfigPayload CmdGetStatus (esp_prov)"],
        ])

        statusReply = "WiFiConfigPayload RespGetStatus Connecting + attempt_failed{attempts_remaining=4}"
        let attempt = try await session.wifiStatus()
        XCTAssertEqual(attempt, .joining(attemptsRemaining: 4))
        statusReply = "WiFiConfigPayload RespGetStatus ConnectionFailed/AuthError"
        let authError = try await session.wifiStatus()
        XCTAssertEqual(authError, .failed(.wrongPassword))
        statusReply = "WiFiConfigPayload RespGetStatus ConnectionFailed/NetworkNotFound"
        let notFound = try await session.wifiStatus()
        XCTAssertEqual(notFound, .failed(.networkNotFound))
        statusReply = "WiFiConfigPayload RespGetStatus Connected"
        guard case .joined(let connection) = try await session.wifiStatus() else { return XCTFail("not connected") }
        XCTAssertEqual(connection.ipAddress, "192.168.1.42")
        XCTAssertEqual(connection.ssid, "HomeNet")
        XCTAssertEqual(connection.channel, 6)
        XCTAssertEqual(connection.auth.description, "WPA2_PSK")
    }

    func testScanRequestsPerTransportAndResultDecoding() async throws {
        for (kind, startKey) in [
            (TransportKind.http, "WiFiScanPayload CmdScanStart (esp_prov softap/httpd)"),
            (TransportKind.ble, "WiFiScanPayload CmdScanStart (esp_prov BLE)"),
        ] {
            let transport = ScriptedTransport(kind: kind) { endpoint, request in
                switch request.first {
                case _ where endpoint == "prov-session": return try self.reply("SessionData/sec0 S0SessionResp (device)")
                case 0x52: return try self.reply("WiFiScanPayload RespScanStart")
                case 0x08 where request.hex == "0802": return try self.reply("WiFiScanPayload RespScanStatus finished, 2")
                default: return try self.reply("WiFiScanPayload RespScanResult 2 entries")
                }
            }
            let session = try await session(transport)
            let accessPoints = try await session.scanWiFi(transport: kind)
            XCTAssertEqual(transport.requests[1].bytes.hex, messages[startKey])
            XCTAssertEqual(transport.requests[2].bytes.hex, messages["WiFiScanPayload CmdScanStatus (esp_prov: no payload)"])
            XCTAssertEqual(transport.requests[3].bytes.hex, messages["WiFiScanPayload CmdScanResult 0..2"])
            XCTAssertEqual(accessPoints.map(\.ssid), ["HomeNet", "Cafe"])
            XCTAssertEqual(accessPoints.map(\.bssidHex), ["a0b1c2d3e4f5", "112233445566"])
            XCTAssertEqual(accessPoints.map(\.rssi), [-45, -70])
            XCTAssertEqual(accessPoints.map(\.auth.description), ["WPA2_PSK", "Open"])
        }
    }

    func testScanCountThatDisagreesWithResultsIsAProtocolError() async throws {
        let transport = ScriptedTransport { endpoint, request in
            switch request.hex {
            case _ where endpoint == "prov-session": return try self.reply("SessionData/sec0 S0SessionResp (device)")
            case "0802": return try self.reply("WiFiScanPayload RespScanStatus finished, 2")
            case "080472021002": return try self.reply("WiFiScanPayload RespScanResult InternalError, 0 entries")
            default: return try self.reply("WiFiScanPayload RespScanStart")
            }
        }
        let session = try await session(transport)
        do {
            _ = try await session.scanWiFi(transport: .http)
            XCTFail("expected a protocol error")
        } catch ProvError.protocolViolation(let message) {
            XCTAssertTrue(message.description.contains("said 2 scan results but returned 0"), message.description)
        }
    }

    func testControlCommandsAndRefusal() async throws {
        var answer = "WiFiCtrlPayload RespCtrlReset Success"
        let transport = ScriptedTransport { endpoint, _ in
            endpoint == "prov-session" ? try self.reply("SessionData/sec0 S0SessionResp (device)") : try self.reply(answer)
        }
        let session = try await session(transport)
        try await session.control(.reset)
        XCTAssertEqual(transport.requests.last?.bytes.hex, messages["WiFiCtrlPayload CmdCtrlReset (esp_prov: no payload)"])
        answer = "WiFiCtrlPayload RespCtrlReset InternalError (not in FAIL state)"
        do {
            try await session.control(.reset)
            XCTFail("expected a refusal")
        } catch ProvError.deviceRefused(let message) {
            XCTAssertTrue(message.description.contains("only accepted after a failed connection attempt"), message.description)
        }
        answer = "WiFiCtrlPayload RespCtrlReprov Success"
        try await session.control(.reprovision)
        XCTAssertEqual(transport.requests.last?.bytes.hex, messages["WiFiCtrlPayload CmdCtrlReprov"])
    }

    func testUnknownAuthModeIsKeptNotCrashed() {
        XCTAssertEqual(WiFiAuthMode(rawValue: 9).description, "OWE")
        XCTAssertEqual(WiFiAuthMode(rawValue: 42).description, "AUTH_42")
    }
}
