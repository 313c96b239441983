import ProvDevice
import ProvMessages
import XCTest

/// `prov-config` content and state machine (docs/protocol.md §2.1, §6.1), on security 0 so payloads are visible.
final class WiFiConfigTests: DeviceTestCase {
    private func message(_ label: String) throws -> [UInt8] { try TestFixtures.message("WiFiConfigPayload " + label) }

    private func status(_ device: VirtualDevice) async -> [UInt8]? { await device.send("prov-config", Payloads.getStatus) }

    /// Sets and applies credentials, expecting both to succeed.
    private func provision(_ device: VirtualDevice, _ ssid: String, _ passphrase: String) async throws {
        let set = await device.send("prov-config", Payloads.setConfig(ssid, passphrase))
        XCTAssertEqual(set, try message("RespSetConfig Success"))
        let apply = await device.send("prov-config", Payloads.apply)
        XCTAssertEqual(apply, try message("RespApplyConfig Success"))
    }

    func testStatusBeforeApplyIsConnecting() async throws {
        let device = await makeDevice(fastConfiguration())
        let response = await status(device)
        XCTAssertEqual(response, try message("RespGetStatus Connecting (no oneof)"))
    }

    func testFixtureRequestsGetFixtureAnswersAndConnect() async throws {
        let device = await makeDevice(fastConfiguration { $0.connectDelay = .milliseconds(300) })
        let set = await device.send("prov-config", try message("CmdSetConfig"))
        XCTAssertEqual(set, try message("RespSetConfig Success"))
        let apply = await device.send("prov-config", try message("CmdApplyConfig (esp_prov: no payload)"))
        XCTAssertEqual(apply, try message("RespApplyConfig Success"))
        // The manager's connect timer has not fired yet.
        let connecting = await status(device)
        XCTAssertEqual(connecting, try message("RespGetStatus Connecting (no oneof)"))
        let connected = try message("RespGetStatus Connected")
        await eventually("Connected") { await self.status(device) == connected }
    }

    func testConnectedDetailsComeFromTheConfiguration() async throws {
        let device = await makeDevice(fastConfiguration {
            $0.scanResults = [ScanEntry(ssid: "Lab", bssid: [1, 2, 3, 4, 5, 6], channel: 11, rssi: -50, auth: 9)]
            $0.knownNetworks = [.init(ssid: "Lab", password: "pw")]
            $0.ipAddress = "10.0.0.7"
        })
        try await provision(device, "Lab", "pw")
        var expected = WiFiConfigPayload()
        expected.msg = .typeRespGetStatus
        expected.respGetStatus.staState = .connected
        expected.respGetStatus.connected = WifiConnectedState.with {
            $0.ip4Addr = "10.0.0.7"
            $0.authMode = .UNRECOGNIZED(9)  // raw wifi_auth_mode_t passes through
            $0.ssid = Data("Lab".utf8)
            $0.bssid = Data([1, 2, 3, 4, 5, 6])
            $0.channel = 11
        }
        let bytes: [UInt8] = try expected.serializedBytes()
        await eventually("Connected") { await self.status(device) == bytes }
    }

    func testWrongPasswordIsAuthError() async throws {
        let device = await makeDevice(fastConfiguration())
        try await provision(device, "HomeNet", "wrong")
        let failed = try message("RespGetStatus ConnectionFailed/AuthError")
        await eventually("AuthError") { await self.status(device) == failed }
    }

    func testSecuredAPWithoutKnownPasswordIsAuthErrorAndOpenAPJoins() async throws {
        let device = await makeDevice(fastConfiguration())
        try await provision(device, "Office-WPA3", "guess")
        let failed = try message("RespGetStatus ConnectionFailed/AuthError")
        await eventually("AuthError") { await self.status(device) == failed }

        let open = await makeDevice(fastConfiguration())
        try await provision(open, "Cafe", "")
        await eventually("Connected to the open AP") {
            guard let bytes = await self.status(open), let payload = try? WiFiConfigPayload(serializedBytes: bytes) else { return false }
            return payload.respGetStatus.connected.ssid == Data("Cafe".utf8) && payload.respGetStatus.connected.authMode == .open
        }
    }

    func testUnknownSSIDIsNetworkNotFound() async throws {
        let device = await makeDevice(fastConfiguration())
        try await provision(device, "Nowhere", "secret123")
        let failed = try message("RespGetStatus ConnectionFailed/NetworkNotFound")
        await eventually("NetworkNotFound") { await self.status(device) == failed }
    }

    func testConnectionAttemptsReportAttemptFailedThenGiveUp() async throws {
        let device = await makeDevice(fastConfiguration {
            $0.wifiConnectionAttempts = 5
            $0.attemptInterval = .milliseconds(250)
        })
        try await provision(device, "HomeNet", "wrong")
        let firstFailure = try message("RespGetStatus Connecting + attempt_failed{attempts_remaining=4}")
        await eventually("first attempt failed") { await self.status(device) == firstFailure }
        let failed = try message("RespGetStatus ConnectionFailed/AuthError")
        await eventually("attempts exhausted") { await self.status(device) == failed }
    }

    func testSetConfigValidation() async throws {
        let device = await makeDevice(fastConfiguration())
        let invalid = try message("RespSetConfig InvalidArgument")
        let cases: [[UInt8]] = [
            Payloads.setConfig(ssid: Array(repeating: 0x41, count: 33), passphrase: []),
            Payloads.setConfig(ssid: Array("a".utf8), passphrase: Array(repeating: 0x61, count: 64)),
            Payloads.setConfig(ssid: Array("a".utf8), passphrase: [], bssid: [1, 2, 3, 4, 5]),
        ]
        for request in cases {
            let response = await device.send("prov-config", request)
            XCTAssertEqual(response, invalid)
        }
        // An invalid SetConfig stores nothing: Apply has nothing to apply.
        let apply = await device.send("prov-config", Payloads.apply)
        XCTAssertEqual(apply, hex("08057a020805"))
        let limits = Payloads.setConfig(
            ssid: Array(repeating: 0x41, count: 32), passphrase: Array(repeating: 0x61, count: 63), bssid: [1, 2, 3, 4, 5, 6]
        )
        let ok = await device.send("prov-config", limits)
        XCTAssertEqual(ok, try message("RespSetConfig Success"))
    }

    func testApplyWithoutSetConfigIsInternalError() async throws {
        let device = await makeDevice(fastConfiguration())
        let apply = await device.send("prov-config", Payloads.apply)
        XCTAssertEqual(apply, hex("08057a020805"))
    }

    func testApplyIsOneShotAndConsumesTheStoredConfig() async throws {
        let device = await makeDevice(fastConfiguration())
        try await provision(device, "HomeNet", "secret123")
        let again = await device.send("prov-config", Payloads.apply)
        XCTAssertEqual(again, hex("08057a020805"), "consumed")
        let set = await device.send("prov-config", Payloads.setConfig("HomeNet", "secret123"))
        XCTAssertEqual(set, try message("RespSetConfig Success"), "SetConfig is accepted in every state")
        let applyAgain = await device.send("prov-config", Payloads.apply)
        XCTAssertEqual(applyAgain, hex("08057a020805"), "credentials already received")
    }

    func testRequestsWithoutMandatoryPayloadOrKnownTypeFail() async throws {
        let device = await makeDevice(fastConfiguration())
        let noPayload = await device.send("prov-config", [0x08, 0x02])  // SetConfig without cmd_set_config
        XCTAssertNil(noPayload)
        let wrongOneof = await device.send("prov-config", hex("08025200"))  // SetConfig carrying cmd_get_status
        XCTAssertNil(wrongOneof)
        let emptySet = await device.send("prov-config", hex("08026200"))  // an empty cmd_set_config is valid
        XCTAssertEqual(emptySet, try message("RespSetConfig Success"))
        let responseType = await device.send("prov-config", [0x08, 0x01])
        XCTAssertNil(responseType)
        let unknown = await device.send("prov-config", [0x08, 0x09])
        XCTAssertNil(unknown)
        let garbage = await device.send("prov-config", [0xff, 0xff, 0xff])
        XCTAssertNil(garbage)
        // GetStatus is dispatched on msg alone: no payload, or another payload, still works.
        let bare = await device.send("prov-config", [])
        XCTAssertEqual(bare, try message("RespGetStatus Connecting (no oneof)"))
        let other = await device.send("prov-config", hex("7200"))  // msg 0 carrying cmd_apply_config
        XCTAssertNotNil(other)
    }

    func testServiceStopsAfterConnectedIsReported() async throws {
        let device = await makeDevice(fastConfiguration { $0.cleanupDelay = .milliseconds(500) })
        try await provision(device, "HomeNet", "secret123")
        let connected = try message("RespGetStatus Connected")
        await eventually("Connected") { await self.status(device) == connected }
        let stoppedEarly = await device.stopped
        XCTAssertFalse(stoppedEarly, "the stop waits for cleanup_delay")
        await eventually("stopped") { await device.stopped }
        for endpoint in device.endpointNames {
            let response = await device.send(endpoint, Array("none".utf8))
            XCTAssertNil(response, "\(endpoint) answered after the stop")
        }
        let known = await device.hasEndpoint("prov-config")
        XCTAssertFalse(known)
    }

    func testServiceStopsByItselfWhenNeverPolled() async throws {
        let device = await makeDevice(fastConfiguration { $0.autoStopTimeout = .milliseconds(100) })
        try await provision(device, "HomeNet", "secret123")
        await eventually("auto-stop") { await device.stopped }
    }

    func testNoAutoStopKeepsServing() async throws {
        let device = await makeDevice(fastConfiguration {
            $0.autoStop = false
            $0.autoStopTimeout = .milliseconds(50)
        })
        try await provision(device, "HomeNet", "secret123")
        let connected = try message("RespGetStatus Connected")
        await eventually("Connected") { await self.status(device) == connected }
        try await Task.sleep(for: .milliseconds(250))
        let stopped = await device.stopped
        XCTAssertFalse(stopped)
        let stillThere = await status(device)
        XCTAssertEqual(stillThere, connected)
    }

    func testEventsNeverCarrySecrets() async throws {
        let device = await makeDevice(fastConfiguration(security: .sec1(pop: "pop-secret-1")))
        let events = await device.events()
        var client = Sec1TestClient(pop: "pop-secret-1")
        let response1 = try await device.handshake(&client)
        XCTAssertTrue(try client.verify(response1: response1))
        for request in [Payloads.setConfig("HomeNet", "pass-secret-2"), Payloads.apply] {
            let answer = try await XCTUnwrapAsync(await device.send("prov-config", try client.crypt(request)))
            _ = try client.crypt(answer)  // keep the one CTR stream in step
        }
        await eventually("failure") {
            guard let answer = await device.send("prov-config", try! client.crypt(Payloads.getStatus)) else { return false }
            return try! client.crypt(answer) == (try! self.message("RespGetStatus ConnectionFailed/AuthError"))
        }
        await device.shutdown()
        var lines: [String] = []
        for await event in events { lines.append(event.description) }
        XCTAssertTrue(lines.contains("Wi-Fi connection failed: auth error"), lines.joined(separator: "\n"))
        for line in lines {
            XCTAssertFalse(line.contains("secret"), line)
        }
    }
}
