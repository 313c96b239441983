import ProvCrypto
import ProvDevice
import ProvMessages
import struct Foundation.Data
import XCTest

/// protocomm's session rules (docs/protocol.md §3.1): one session, strict handshake order, failures are silence.
final class SessionRuleTests: DeviceTestCase {
    private let sec1Config = DeviceConfiguration.Security.sec1(pop: "abcd1234")

    func testSecurity0NeedsNoHandshakeAndChecksOnlySecVer() async throws {
        let device = await makeDevice(fastConfiguration(security: .sec0))
        let status = await device.send("prov-config", Payloads.getStatus)
        XCTAssertEqual(status, try TestFixtures.message("WiFiConfigPayload RespGetStatus Connecting (no oneof)"))
        // sec_ver 0 with a sec1 oneof is still accepted (the device ignores the oneof) …
        let oddOneof = await device.send("prov-session", hex("5a00"))
        XCTAssertEqual(oddOneof, try TestFixtures.message("SessionData/sec0 S0SessionResp (device)"))
        // … but any other sec_ver fails.
        let sec1Cmd0 = await device.send("prov-session", hex(try TestFixtures.strings("sec1_vector.json", key: "vector")["Cmd0"]!))
        XCTAssertNil(sec1Cmd0)
        let garbage = await device.send("prov-session", [0xff, 0xff])
        XCTAssertNil(garbage)
    }

    func testEncryptedEndpointsFailBeforeTheHandshake() async {
        for security in [sec1Config, .sec2(salt: ExampleCredentials.salt, verifier: ExampleCredentials.verifier)] {
            let device = await makeDevice(fastConfiguration(security: security))
            for endpoint in ["prov-config", "prov-scan", "prov-ctrl", "custom-data"] {
                let response = await device.send(endpoint, Payloads.getStatus)
                XCTAssertNil(response, "\(endpoint) answered before the handshake")
            }
        }
    }

    func testSecurity1RoundTripWithRandomKeys() async throws {
        for pop in ["abcd1234", ""] {
            let device = await makeDevice(fastConfiguration(security: .sec1(pop: pop)))
            var client = Sec1TestClient(pop: pop)
            let response1 = try await device.handshake(&client)
            XCTAssertTrue(try client.verify(response1: response1))
            for _ in 0..<3 {
                let answer = try await XCTUnwrapAsync(await device.send("prov-config", try client.crypt(Payloads.getStatus)))
                XCTAssertEqual(try client.crypt(answer), try TestFixtures.message("WiFiConfigPayload RespGetStatus Connecting (no oneof)"))
            }
            let custom = try await XCTUnwrapAsync(await device.send("custom-data", try client.crypt(Array("hello".utf8))))
            XCTAssertEqual(try client.crypt(custom), Array("SUCCESS".utf8) + [0])
        }
    }

    func testNilPoPMeansNoMixing() async throws {
        let device = await makeDevice(fastConfiguration(security: .sec1(pop: nil)))
        var client = Sec1TestClient(pop: "")
        let response0 = try await XCTUnwrapAsync(await device.send("prov-session", try client.command0()))
        let response1 = await device.send("prov-session", try client.command1(response0: response0))
        XCTAssertNotNil(response1)
    }

    func testWrongPoPFailsCommand1() async throws {
        let device = await makeDevice(fastConfiguration(security: sec1Config))
        var client = Sec1TestClient(pop: "wrong-pop")
        let response0 = try await XCTUnwrapAsync(await device.send("prov-session", try client.command0()))
        let response1 = await device.send("prov-session", try client.command1(response0: response0))
        XCTAssertNil(response1)
        let request = await device.send("prov-config", try client.crypt(Payloads.getStatus))
        XCTAssertNil(request, "no session after a wrong PoP")
    }

    func testCommand1BeforeCommand0Fails() async throws {
        let v = try TestFixtures.strings("sec1_vector.json", key: "vector")
        let device = await makeDevice(fastConfiguration(security: sec1Config))
        let response = await device.send("prov-session", hex(v["Cmd1"]!))
        XCTAssertNil(response)
    }

    func testCommand1AfterEstablishedFails() async throws {
        let device = await makeDevice(fastConfiguration(security: sec1Config))
        var client = Sec1TestClient(pop: "abcd1234")
        let response0 = try await XCTUnwrapAsync(await device.send("prov-session", try client.command0()))
        let command1 = try client.command1(response0: response0)
        let first = await device.send("prov-session", command1)
        XCTAssertNotNil(first)
        let second = await device.send("prov-session", command1)
        XCTAssertNil(second)
    }

    func testCommand0RestartsAnEstablishedSession() async throws {
        let device = await makeDevice(fastConfiguration(security: sec1Config))
        var old = Sec1TestClient(pop: "abcd1234")
        _ = try await device.handshake(&old)
        var fresh = Sec1TestClient(pop: "abcd1234")
        let response0 = try await XCTUnwrapAsync(await device.send("prov-session", try fresh.command0()))
        let stale = await device.send("prov-config", try old.crypt(Payloads.getStatus))
        XCTAssertNil(stale, "the old session ended with the new Command0")
        let response1 = try await XCTUnwrapAsync(await device.send("prov-session", try fresh.command1(response0: response0)))
        XCTAssertTrue(try fresh.verify(response1: response1))
    }

    func testHandshakeParameterChecks() async throws {
        let device = await makeDevice(fastConfiguration(security: sec1Config))
        /// The device's answer to a security 1 `SessionData` that `build` fills in.
        func answer(_ build: (inout SessionData) -> Void) async throws -> [UInt8]? {
            var data = SessionData()
            data.secVer = .secScheme1
            build(&data)
            return await device.send("prov-session", try data.serializedBytes())
        }
        let short = try await answer { $0.sec1.sc0.clientPubkey = Data(repeating: 9, count: 31) }
        XCTAssertNil(short)
        let missing = try await answer { $0.sec1.msg = .sessionCommand0 }
        XCTAssertNil(missing)
        let scheme = try await answer { $0.sec2.sc0.clientPubkey = Data(repeating: 9, count: 32) }
        XCTAssertNil(scheme)
        let unknown = try await answer {
            $0.sec1.msg = .sessionResponse0
            $0.sec1.sr0 = SessionResp0()
        }
        XCTAssertNil(unknown)
    }

    func testOnlyTheCurrentSessionIsServed() async throws {
        let device = await makeDevice(fastConfiguration(security: sec1Config))
        var client = Sec1TestClient(pop: "abcd1234")
        _ = try await device.handshake(&client)
        let otherSession = await device.handle(endpoint: "prov-config", session: 2, request: Payloads.getStatus)
        XCTAssertNil(otherSession)
        // A new transport session closes the old one.
        await device.openSession(2)
        let old = await device.send("prov-config", try client.crypt(Payloads.getStatus))
        XCTAssertNil(old)
        let handshake = await device.send("prov-session", try Sec1TestClient(pop: "abcd1234").command0())
        XCTAssertNil(handshake, "session 1 is gone")
    }

    func testFailedRequestConsumesOnlyRequestKeystream() async throws {
        let device = await makeDevice(fastConfiguration(security: sec1Config))
        var client = Sec1TestClient(pop: "abcd1234")
        let response1 = try await device.handshake(&client)
        XCTAssertTrue(try client.verify(response1: response1))
        let unknown = await device.send("prov-config", try client.crypt([0x08, 0x07]))  // msg 7: no such command
        XCTAssertNil(unknown)
        let answer = try await XCTUnwrapAsync(await device.send("prov-config", try client.crypt(Payloads.getStatus)))
        XCTAssertEqual(try client.crypt(answer), try TestFixtures.message("WiFiConfigPayload RespGetStatus Connecting (no oneof)"))
    }

    func testSecurity2RoundTripBothIVModes() async throws {
        for counter in [true, false] {
            let device = await makeDevice(DeviceConfiguration(hasSec2IVFix: counter))
            var client = try Sec2TestClient(counterMode: counter)
            let response1 = try await device.handshake(&client)
            XCTAssertTrue(try client.finish(response1: response1))
            let nonceLength = try SessionData(serializedBytes: response1).sec2.sr1.deviceNonce.count
            XCTAssertEqual(nonceLength, counter ? 12 : 16)
            for _ in 0..<3 {
                let answer = try await XCTUnwrapAsync(await device.send("prov-config", try client.seal(Payloads.getStatus)))
                XCTAssertEqual(try client.open(answer), try TestFixtures.message("WiFiConfigPayload RespGetStatus Connecting (no oneof)"))
            }
        }
    }

    func testSecurity2WrongPasswordFailsCommand1() async throws {
        let device = await makeDevice(DeviceConfiguration())
        var client = try Sec2TestClient(password: "not-the-password")
        let response0 = try await XCTUnwrapAsync(await device.send("prov-session", try client.command0()))
        let response1 = await device.send("prov-session", try client.command1(response0: response0))
        XCTAssertNil(response1)
    }

    func testSecurity2RejectsShortPublicKeyAndEmptyUsername() async throws {
        let device = await makeDevice(DeviceConfiguration())
        var message = SessionData()
        message.secVer = .secScheme2
        message.sec2.sc0.clientUsername = Data("wifiprov".utf8)
        message.sec2.sc0.clientPubkey = Data(repeating: 0x42, count: 383)
        let short = await device.send("prov-session", try message.serializedBytes())
        XCTAssertNil(short)
        message.sec2.sc0.clientPubkey = Data(repeating: 0x42, count: 384)
        message.sec2.sc0.clientUsername = Data()
        let noUser = await device.send("prov-session", try message.serializedBytes())
        XCTAssertNil(noUser)
        message.sec2.sc0.clientUsername = Data("wifiprov".utf8)
        message.sec2.sc0.clientPubkey = Data(repeating: 0, count: 384)  // A mod N = 0
        let zero = await device.send("prov-session", try message.serializedBytes())
        XCTAssertNil(zero)
    }

    func testSecurity2BadTagFailsWithoutAdvancingTheCounter() async throws {
        let device = await makeDevice(DeviceConfiguration())
        var client = try Sec2TestClient()
        let response1 = try await device.handshake(&client)
        XCTAssertTrue(try client.finish(response1: response1))
        var probe = client  // same counter as the client
        var corrupted = try probe.seal(Payloads.getStatus)
        corrupted[corrupted.count - 1] ^= 1
        let bad = await device.send("prov-config", corrupted)
        XCTAssertNil(bad)
        // The device did not move its counter: the client's next request (same counter) still works.
        let answer = try await XCTUnwrapAsync(await device.send("prov-config", try client.seal(Payloads.getStatus)))
        XCTAssertEqual(try client.open(answer), try TestFixtures.message("WiFiConfigPayload RespGetStatus Connecting (no oneof)"))
    }
}

/// XCTUnwrap for an already-awaited optional, with a clear message.
func XCTUnwrapAsync<T>(_ value: @autoclosure () async throws -> T?, file: StaticString = #filePath, line: UInt = #line) async throws -> T {
    let resolved = try await value()
    return try XCTUnwrap(resolved, "device gave no response", file: file, line: line)
}
