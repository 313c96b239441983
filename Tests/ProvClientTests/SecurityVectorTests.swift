import Crypto
import ProvCrypto
import TestSupport
import XCTest
@testable import ProvClient

/// The client's handshakes and first exchanges, byte for byte against vectors checked with
/// Espressif's own client code (Fixtures/sec1_vector.json, sec2_session_vector.json).
final class SecurityVectorTests: XCTestCase {
    func testSecurity0HandshakeBytes() throws {
        var scheme = Security0()
        XCTAssertEqual(try scheme.nextHandshakeRequest(after: nil)?.hex, "5203a20100")
        XCTAssertNil(try scheme.nextHandshakeRequest(after: [UInt8](hex: "52050801aa0100")))
    }

    func testSecurity1MatchesVector() throws {
        let v = try Fixtures.strings("sec1_vector.json", key: "vector")
        let key = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: [UInt8](hex: v["client_priv"]!))
        var scheme = Security1(proofOfPossession: v["pop"]!, privateKey: key)
        XCTAssertEqual(try scheme.nextHandshakeRequest(after: nil)?.hex, v["Cmd0"])
        XCTAssertEqual(try scheme.nextHandshakeRequest(after: [UInt8](hex: v["Resp0"]!))?.hex, v["Cmd1"])
        XCTAssertNil(try scheme.nextHandshakeRequest(after: [UInt8](hex: v["Resp1"]!)))
        XCTAssertEqual(try scheme.encrypt([UInt8](hex: v["GetStatus plaintext"]!)).hex, v["GetStatus ciphertext (keystream offset 64)"])
        XCTAssertEqual(
            try scheme.decrypt([UInt8](hex: v["RespGetStatus ciphertext (keystream offset 66)"]!)).hex, v["RespGetStatus plaintext"])
    }

    func testSecurity1WrongPoPFailsDeviceVerification() throws {
        let v = try Fixtures.strings("sec1_vector.json", key: "vector")
        let key = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: [UInt8](hex: v["client_priv"]!))
        var scheme = Security1(proofOfPossession: "wrong", privateKey: key)
        _ = try scheme.nextHandshakeRequest(after: nil)
        let command1 = try scheme.nextHandshakeRequest(after: [UInt8](hex: v["Resp0"]!))
        XCTAssertNotEqual(command1?.hex, v["Cmd1"])
        XCTAssertThrowsError(try scheme.nextHandshakeRequest(after: [UInt8](hex: v["Resp1"]!))) { error in
            guard case ProvError.authentication = error else { return XCTFail("\(error)") }
        }
    }

    func testSecurity2MatchesVectorWithCounterIV() throws {
        let v = try Fixtures.strings("sec2_session_vector.json", key: "vector")
        var scheme = try Security2(
            username: v["username"]!, password: v["password"]!, advertisedIVMode: .counter, secret: [UInt8](hex: v["a"]!))
        XCTAssertEqual(try scheme.nextHandshakeRequest(after: nil)?.hex, v["Cmd0"])
        XCTAssertEqual(try scheme.nextHandshakeRequest(after: [UInt8](hex: v["Resp0"]!))?.hex, v["Cmd1"])
        XCTAssertNil(try scheme.nextHandshakeRequest(after: [UInt8](hex: v["Resp1"]!)))
        XCTAssertEqual(try scheme.encrypt([UInt8](hex: v["request plaintext (CmdGetStatus)"]!)).hex, v["request ciphertext‖tag"])
        XCTAssertEqual(
            try scheme.decrypt([UInt8](hex: v["response ciphertext‖tag"]!)).hex, v["response plaintext (RespGetStatus Connecting)"])
    }

    func testSecurity2RejectsForgedDeviceProof() throws {
        let v = try Fixtures.strings("sec2_session_vector.json", key: "vector")
        var scheme = try Security2(
            username: v["username"]!, password: v["password"]!, advertisedIVMode: .counter, secret: [UInt8](hex: v["a"]!))
        _ = try scheme.nextHandshakeRequest(after: nil)
        _ = try scheme.nextHandshakeRequest(after: [UInt8](hex: v["Resp0"]!))
        var forged = [UInt8](hex: v["Resp1"]!)
        forged[20] ^= 0x01  // inside device_proof
        XCTAssertThrowsError(try scheme.nextHandshakeRequest(after: forged)) { error in
            guard case ProvError.authentication(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.description.contains("Failed to verify device proof"), message.description)
        }
    }

    func testStaticIVModeMatchesPatch0Vector() throws {
        let object = try JSONSerialization.jsonObject(with: Fixtures.data("sec2_session_vector.json")) as! [String: Any]
        let v = object["patch0_static_iv"] as! [String: String]
        var client = try GCMSessionCipher(key: [UInt8](hex: v["aes_key"]!), nonce: [UInt8](hex: v["device_nonce"]!), mode: .staticIV)
        XCTAssertEqual(try client.seal([UInt8](hex: v["request_plaintext"]!)).hex, v["request_ciphertext_and_tag"])
        XCTAssertEqual(try client.open([UInt8](hex: v["response_ciphertext_and_tag"]!)).hex, v["response_plaintext"])
        // The same bytes do not open under the counter mode: mixing modes fails at the first reply.
        var counter = try GCMSessionCipher(
            key: [UInt8](hex: v["aes_key"]!), nonce: Array([UInt8](hex: v["device_nonce"]!).prefix(12)), mode: .counter)
        XCTAssertThrowsError(try counter.open([UInt8](hex: v["response_ciphertext_and_tag"]!)))
    }

    func testNonceLengthDecidesIVModeOverProtoVer() throws {
        let v = try Fixtures.strings("sec2_session_vector.json", key: "vector")
        // proto-ver claimed patch 0, but the device sent a 12-byte nonce: the counter mode is used.
        var scheme = try Security2(
            username: v["username"]!, password: v["password"]!, advertisedIVMode: .staticIV, secret: [UInt8](hex: v["a"]!))
        _ = try scheme.nextHandshakeRequest(after: nil)
        _ = try scheme.nextHandshakeRequest(after: [UInt8](hex: v["Resp0"]!))
        XCTAssertNil(try scheme.nextHandshakeRequest(after: [UInt8](hex: v["Resp1"]!)))
        XCTAssertEqual(try scheme.encrypt([UInt8](hex: "5200")).hex, v["request ciphertext‖tag"])
        XCTAssertTrue(scheme.details.contains { $0.contains("using counter IV") }, "\(scheme.details)")
    }

    func testCTRStreamIsByteGranularAcrossMessages() throws {
        let key = [UInt8](repeating: 7, count: 32), iv = [UInt8](repeating: 0xff, count: 16)  // counter wraps
        var whole = try AESCTRStream(key: key, initialCounter: iv)
        let reference = try whole.apply([UInt8](repeating: 0, count: 50))
        var pieces = try AESCTRStream(key: key, initialCounter: iv)
        var joined: [UInt8] = []
        for size in [3, 29, 1, 17] { joined += try pieces.apply([UInt8](repeating: 0, count: size)) }
        XCTAssertEqual(joined, reference)
    }
}
