import TestSupport
import XCTest
@testable import SRP6a

/// Byte-for-byte checks against the shared test vectors (computed from docs/protocol.md Appendix B and cross-checked
/// against esp_prov's own code).
final class VectorTests: XCTestCase {
    struct VectorFile: Decodable {
        let cases: [Case]
    }

    /// One case of `srp6a_vectors.json`; property names are the fixture's keys.
    struct Case: Decodable {
        let note: String
        let username: String
        let password: String
        let x_mode_of_verifier: String
        let salt: String
        let verifier: String
        let a: String
        let b: String
        let A: String
        let B: String
        let k: String
        let u: String
        let x: String
        let S: String
        let K: String
        let aes_key: String
        let M1: String
        let M2: String
        let inner_digest_starts_with_zero: Bool
        let esp_prov_client_agrees: Bool
    }

    func testGroupConstants() {
        XCTAssertEqual(SRPGroup.prime.count, 384)
        XCTAssertEqual(Array(SRPGroup.prime.prefix(8)), [UInt8](repeating: 0xff, count: 8))
        XCTAssertEqual(Array(SRPGroup.prime.suffix(8)), [UInt8](repeating: 0xff, count: 8))
        XCTAssertEqual(SRPGroup.paddedGenerator.count, 384)
        XCTAssertEqual(SRPGroup.paddedGenerator.last, 5)
    }

    func testSRP6aVectors() throws {
        let file = try Fixtures.decode(VectorFile.self, from: "srp6a_vectors.json")
        XCTAssertEqual(file.cases.count, 6)
        XCTAssertTrue(file.cases.contains { $0.B.count < 768 }, "the fixture must include a short B")
        for vector in file.cases {
            try check(vector)
        }
    }

    private func check(_ vector: Case) throws {
        let context = "\(vector.note) (\(vector.username))"
        let username = Array(vector.username.utf8)
        let password = Array(vector.password.utf8)
        let salt = [UInt8](hex: vector.salt)
        let B = [UInt8](hex: vector.B)
        XCTAssertEqual(vector.x_mode_of_verifier, "full", context)

        XCTAssertEqual(SRPGroup.multiplier.hex, vector.k, context)
        XCTAssertEqual(
            try SRPVerifier.verifier(username: username, password: password, salt: salt).hex, vector.verifier, context
        )
        XCTAssertEqual(
            SRPClient.innerDigestStartsWithZero(username: username, password: password),
            vector.inner_digest_starts_with_zero, context
        )

        // Client side.
        let client = try SRPClient(username: username, password: password, secret: [UInt8](hex: vector.a))
        XCTAssertEqual(client.publicKey.hex, vector.A, context)
        XCTAssertEqual(client.publicKey.count, 384, context)
        let session = try client.deriveSession(salt: salt, serverPublicKey: B, xDerivation: .fullDigest)
        XCTAssertEqual(session.scramblingParameter.hex, vector.u, context)
        XCTAssertEqual(session.privateKey.bytes.hex, vector.x, context)
        XCTAssertEqual(session.premasterSecret.bytes.hex, vector.S, context)
        XCTAssertEqual(session.sessionKey.hex, vector.K, context)
        XCTAssertEqual(session.clientProof.hex, vector.M1, context)
        XCTAssertEqual(session.serverProof.hex, vector.M2, context)

        let proof = try client.respond(salt: salt, serverPublicKey: B)
        XCTAssertEqual(proof.clientProof.hex, vector.M1, context)
        XCTAssertEqual(proof.sessionKey.hex, vector.K, context)
        XCTAssertEqual(Array(proof.sessionKey.prefix(32)).hex, vector.aes_key, context)
        XCTAssertTrue(proof.verifyServerProof([UInt8](hex: vector.M2)), context)

        if vector.esp_prov_client_agrees {
            let stripped = try client.respond(salt: salt, serverPublicKey: B, xDerivation: .espProvStripped)
            XCTAssertEqual(stripped.clientProof.hex, vector.M1, context)
        }

        // Server side.
        let verifier = [UInt8](hex: vector.verifier)
        let serverSession = try SRPServer.deriveSession(
            username: username, salt: salt, verifier: verifier, clientPublicKey: client.publicKey,
            secret: [UInt8](hex: vector.b)
        )
        XCTAssertEqual(serverSession.publicKey.hex, vector.B, context)
        XCTAssertEqual(serverSession.scramblingParameter.hex, vector.u, context)
        XCTAssertEqual(serverSession.premasterSecret.bytes.hex, vector.S, context)
        XCTAssertEqual(serverSession.sessionKey.hex, vector.K, context)
        XCTAssertEqual(serverSession.clientProof.hex, vector.M1, context)
        XCTAssertEqual(serverSession.serverProof.hex, vector.M2, context)

        let server = try SRPServer(
            username: username, salt: salt, verifier: verifier, clientPublicKey: client.publicKey,
            secret: [UInt8](hex: vector.b)
        )
        XCTAssertEqual(server.publicKey.hex, vector.B, context)
        XCTAssertEqual(server.sessionKey.hex, vector.K, context)
        XCTAssertEqual(server.verifyClientProof([UInt8](hex: vector.M1))?.hex, vector.M2, context)
    }

    /// `sec2_session_vector.json`: the IDF example handshake; A and B are checked inside the wire messages.
    func testSec2SessionVector() throws {
        struct File: Decodable { let vector: [String: AnyScalar] }
        let vector = try Fixtures.decode(File.self, from: "sec2_session_vector.json").vector
        func value(_ key: String) throws -> String {
            try XCTUnwrap(vector[key]?.text, "missing \(key)")
        }
        func bytes(_ key: String) throws -> [UInt8] { [UInt8](hex: try value(key)) }

        let username = Array(try value("username").utf8)
        let password = Array(try value("password").utf8)
        let salt = try bytes("salt")

        let verifier = try SRPVerifier.verifier(username: username, password: password, salt: salt)
        XCTAssertEqual(String(verifier.count), try value("verifier_len"))

        let client = try SRPClient(username: username, password: password, secret: try bytes("a"))
        XCTAssertTrue(try value("Cmd0").contains(client.publicKey.hex), "A must travel padded inside Cmd0")

        let server = try SRPServer(
            username: username, salt: salt, verifier: verifier, clientPublicKey: client.publicKey,
            secret: try bytes("b")
        )
        XCTAssertEqual(String(server.publicKey.count), try value("B_len"))
        XCTAssertTrue(try value("Resp0").contains(server.publicKey.hex + "1a10" + salt.hex), "Resp0 carries B then s")

        XCTAssertEqual(SRPGroup.multiplier, try bytes("k"))
        let session = try client.deriveSession(salt: salt, serverPublicKey: server.publicKey, xDerivation: .fullDigest)
        XCTAssertEqual(session.scramblingParameter, try bytes("u"))
        XCTAssertEqual(session.privateKey.bytes, try bytes("x"))
        XCTAssertEqual(String(session.premasterSecret.count), try value("S_len"))

        let proof = try client.respond(salt: salt, serverPublicKey: server.publicKey)
        XCTAssertEqual(proof.sessionKey, try bytes("K"))
        XCTAssertEqual(Array(proof.sessionKey.prefix(32)), try bytes("aes_key"))
        XCTAssertEqual(proof.clientProof, try bytes("M1"))
        XCTAssertTrue(try value("Cmd1").hasSuffix(proof.clientProof.hex))
        XCTAssertEqual(server.sessionKey, try bytes("K"))

        let m2 = try XCTUnwrap(server.verifyClientProof(proof.clientProof))
        XCTAssertEqual(m2, try bytes("M2_HAMK"))
        XCTAssertTrue(try value("Resp1").contains(m2.hex))
        XCTAssertTrue(proof.verifyServerProof(m2))
    }

    /// The verifier `esp_prov --sec2_gen_cred` printed for the IDF example credentials and salt.
    func testGenCredExampleVerifier() throws {
        let text = try String(contentsOf: Fixtures.url("sec2_gen_cred_example.txt"), encoding: .utf8)
        func array(named name: String) throws -> [UInt8] {
            let start = try XCTUnwrap(text.range(of: "\(name)[] = {"), "no \(name) in the example")
            let end = try XCTUnwrap(text.range(of: "};", range: start.upperBound ..< text.endIndex))
            return text[start.upperBound ..< end.lowerBound]
                .split(whereSeparator: { $0 == "," || $0.isWhitespace })
                .map { [UInt8](hex: String($0))[0] }
        }
        let salt = try array(named: "sec2_salt")
        let expected = try array(named: "sec2_verifier")
        XCTAssertEqual(salt.hex, "036ee0c7bcb9eda84c9eac97d93decf4")
        XCTAssertEqual(expected.count, 384)

        let username = Array("wifiprov".utf8), password = Array("abcd1234".utf8)
        XCTAssertEqual(try SRPVerifier.verifier(username: username, password: password, salt: salt), expected)
        XCTAssertEqual(
            try SRPVerifier.verifier(username: username, password: password, salt: salt, xDerivation: .espProvStripped),
            expected, "H(I:p) does not start with 0x00, so esp_prov's variant agrees"
        )
    }

    /// `srp6a_x_variants.json` (computed with esp_prov's int arithmetic in Python): the two x variants on
    /// credentials where they differ, once because H(I:p) starts with 0x00 and once because the salt does.
    func testXDerivationVariants() throws {
        struct File: Decodable { let cases: [Variant] }
        struct Variant: Decodable {
            let username, password, salt, inner_digest, x_full, x_esp_prov, verifier_full, verifier_esp_prov: String
        }
        let cases = try Fixtures.decode(File.self, from: "srp6a_x_variants.json").cases
        XCTAssertEqual(cases.count, 2)
        for vector in cases {
            let username = Array(vector.username.utf8), password = Array(vector.password.utf8)
            let salt = [UInt8](hex: vector.salt)
            let digest = SRPXDerivation.credentialDigest(username: username, password: password)
            XCTAssertEqual(digest.bytes.hex, vector.inner_digest)
            XCTAssertEqual(
                SRPClient.innerDigestStartsWithZero(username: username, password: password),
                vector.inner_digest.hasPrefix("00")
            )
            XCTAssertEqual(SRPXDerivation.fullDigest.privateKey(salt: salt, credentialDigest: digest).bytes.hex, vector.x_full)
            XCTAssertEqual(
                SRPXDerivation.espProvStripped.privateKey(salt: salt, credentialDigest: digest).bytes.hex, vector.x_esp_prov
            )
            XCTAssertEqual(
                try SRPVerifier.verifier(username: username, password: password, salt: salt).hex, vector.verifier_full
            )
            XCTAssertEqual(
                try SRPVerifier.verifier(
                    username: username, password: password, salt: salt, xDerivation: .espProvStripped
                ).hex,
                vector.verifier_esp_prov
            )
        }
    }
}

/// A JSON scalar read as text, since `sec2_session_vector.json` mixes strings and numbers.
struct AnyScalar: Decodable {
    let text: String

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            text = string
        } else if let number = try? container.decode(Int.self) {
            text = String(number)
        } else {
            text = ""
        }
    }
}
