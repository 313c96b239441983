import ProvCrypto
import ProvDevice
import XCTest

/// With injected randomness the device's handshake and first encrypted answer equal the fixtures.
final class SecurityVectorTests: DeviceTestCase {
    func testSecurity0HandshakeBytes() async throws {
        let device = await makeDevice(fastConfiguration(security: .sec0))
        let response = await device.send("prov-session", try TestFixtures.message("SessionData/sec0 S0SessionCmd (client)"))
        XCTAssertEqual(response, try TestFixtures.message("SessionData/sec0 S0SessionResp (device)"))
    }

    func testSecurity1MatchesTheVectorByteForByte() async throws {
        let v = try TestFixtures.strings("sec1_vector.json", key: "vector")
        let randomness = DeviceRandomness(
            sec1PrivateKey: { hex(v["device_priv"]!) },
            sec1DeviceRandom: { hex(v["device_random"]!) }
        )
        let device = await makeDevice(fastConfiguration(security: .sec1(pop: v["pop"]!)), randomness: randomness)
        let response0 = await device.send("prov-session", hex(v["Cmd0"]!))
        XCTAssertEqual(response0.map(hexString), v["Resp0"])
        let response1 = await device.send("prov-session", hex(v["Cmd1"]!))
        XCTAssertEqual(response1.map(hexString), v["Resp1"])
        let status = await device.send("prov-config", hex(v["GetStatus ciphertext (keystream offset 64)"]!))
        XCTAssertEqual(status.map(hexString), v["RespGetStatus ciphertext (keystream offset 66)"])
    }

    private func sec2Randomness(nonce: [UInt8]) -> DeviceRandomness {
        DeviceRandomness(
            sec2Secret: { [UInt8](repeating: 0x22, count: 32) },
            sec2NonceBytes: { count in Array(nonce.prefix(count)) }
        )
    }

    func testSecurity2CounterNonceMatchesTheVector() async throws {
        let v = try TestFixtures.strings("sec2_session_vector.json", key: "vector")
        XCTAssertEqual(v["b"], "0x" + String(repeating: "22", count: 32))
        let device = await makeDevice(DeviceConfiguration(), randomness: sec2Randomness(nonce: hex("0102030405060708")))
        let response0 = await device.send("prov-session", hex(v["Cmd0"]!))
        XCTAssertEqual(response0.map(hexString), v["Resp0"])
        let response1 = await device.send("prov-session", hex(v["Cmd1"]!))
        XCTAssertEqual(response1.map(hexString), v["Resp1"])
        let status = await device.send("prov-config", hex(v["request ciphertext‖tag"]!))
        XCTAssertEqual(status.map(hexString), v["response ciphertext‖tag"])
    }

    func testSecurity2StaticIVMatchesThePatch0Vector() async throws {
        let v = try TestFixtures.strings("sec2_session_vector.json", key: "vector")
        let p = try TestFixtures.strings("sec2_session_vector.json", key: "patch0_static_iv")
        let nonce = hex(p["device_nonce"]!)
        let device = await makeDevice(DeviceConfiguration(hasSec2IVFix: false), randomness: sec2Randomness(nonce: nonce))
        let response0 = await device.send("prov-session", hex(v["Cmd0"]!))
        XCTAssertEqual(response0.map(hexString), v["Resp0"])
        // Response1 = the vector's with the 16-byte nonce: sr1 grows by 4, so both lengths change.
        let expected1 = hex("100262590803ba01541240") + hex(v["M2_HAMK"]!) + [0x1a, 0x10] + nonce
        let response1 = await device.send("prov-session", hex(v["Cmd1"]!))
        XCTAssertEqual(response1.map(hexString), hexString(expected1))
        let status = await device.send("prov-config", hex(p["request_ciphertext_and_tag"]!))
        XCTAssertEqual(status.map(hexString), p["response_ciphertext_and_tag"])
        // The static IV never moves: the same request encrypts to the same bytes and gets the same answer.
        let again = await device.send("prov-config", hex(p["request_ciphertext_and_tag"]!))
        XCTAssertEqual(again.map(hexString), p["response_ciphertext_and_tag"])
    }
}
