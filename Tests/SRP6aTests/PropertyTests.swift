import TestSupport
import XCTest
@testable import SRP6a

/// Random credentials and secrets: client and server must always agree, and the two x variants must differ
/// exactly when the hashed inputs start with zero bytes. The edge cases that random inputs hit only about
/// once in 256 tries (leading zeros in A, B, S or H(I:p)) are searched for explicitly.
final class PropertyTests: XCTestCase {
    func testRandomCredentialsAgree() throws {
        var (random, seed) = SeededGenerator.fromEnvironment(default: 0x5250_3661)
        var differingVariants = 0
        for round in 0 ..< 500 {
            let context = "seed \(seed), round \(round)"
            let username = random.ascii(1 ... 32)
            let password = random.ascii(0 ... 40)
            var salt = random.bytes(Int.random(in: 1 ... 32, using: &random))
            if round % 16 == 0 { salt[0] = 0 }  // esp_prov would strip this; the device and apps do not
            let variant: SRPXDerivation = round.isMultiple(of: 2) ? .fullDigest : .espProvStripped
            var a = random.bytes(32)
            a[0] |= 0x80
            let b = random.bytes(32)

            let digest = SRPXDerivation.credentialDigest(username: username, password: password)
            let full = SRPXDerivation.fullDigest.privateKey(salt: salt, credentialDigest: digest).bytes
            let stripped = SRPXDerivation.espProvStripped.privateKey(salt: salt, credentialDigest: digest).bytes
            // esp_prov strips leading zeros but turns an all-zero value into a single 0x00, so a salt of
            // [0x00] hashes the same in both variants.
            let shouldDiffer = digest.first == 0 || (salt[0] == 0 && salt.count > 1)
            XCTAssertEqual(full != stripped, shouldDiffer, context)
            if full != stripped { differingVariants += 1 }

            try assertSessionAgrees(
                username: username, password: password, salt: salt, a: a, b: b, variant: variant, context: context
            )
        }
        XCTAssertGreaterThan(differingVariants, 0)
    }

    /// H(I ‖ ":" ‖ p) starting with 0x00 is where esp_prov's verifiers differ from the device's and the apps'.
    func testInnerDigestWithLeadingZero() throws {
        let documented = (username: Array("wifiprov".utf8), password: Array("pw69".utf8))
        XCTAssertTrue(SRPClient.innerDigestStartsWithZero(username: documented.username, password: documented.password))

        var random = SeededGenerator(seed: 0x1_0000)
        var found: [(username: [UInt8], password: [UInt8])] = [documented]
        while found.count < 3 {
            let username = random.ascii(1 ... 16), password = random.ascii(1 ... 16)
            if SRPClient.innerDigestStartsWithZero(username: username, password: password) {
                found.append((username, password))
            }
        }

        for (index, credentials) in found.enumerated() {
            let salt = random.bytes(16).withNonZeroFirstByte()
            let context = "credentials \(index)"
            for verifierVariant in [SRPXDerivation.fullDigest, .espProvStripped] {
                let verifier = try SRPVerifier.verifier(
                    username: credentials.username, password: credentials.password, salt: salt,
                    xDerivation: verifierVariant
                )
                for clientVariant in [SRPXDerivation.fullDigest, .espProvStripped] {
                    let client = try SRPClient(username: credentials.username, password: credentials.password)
                    let server = try SRPServer(
                        username: credentials.username, salt: salt, verifier: verifier,
                        clientPublicKey: client.publicKey
                    )
                    let proof = try client.respond(salt: salt, serverPublicKey: server.publicKey, xDerivation: clientVariant)
                    let accepted = server.verifyClientProof(proof.clientProof) != nil
                    XCTAssertEqual(accepted, clientVariant == verifierVariant, "\(context) \(verifierVariant)/\(clientVariant)")
                    XCTAssertEqual(proof.sessionKey == server.sessionKey, clientVariant == verifierVariant, context)
                }
            }
            let full = try SRPVerifier.verifier(username: credentials.username, password: credentials.password, salt: salt)
            let stripped = try SRPVerifier.verifier(
                username: credentials.username, password: credentials.password, salt: salt, xDerivation: .espProvStripped
            )
            XCTAssertNotEqual(full, stripped, context)
        }
    }

    /// A < 2^3064 must still go out as 384 bytes and be hashed padded; small secrets make A tiny.
    func testClientPublicKeyWithLeadingZeros() throws {
        let username = Array("wifiprov".utf8), password = Array("abcd1234".utf8)
        let salt = [UInt8](hex: "036ee0c7bcb9eda84c9eac97d93decf4")
        let verifier = try SRPVerifier.verifier(username: username, password: password, salt: salt)

        let small = try SRPClient(username: username, password: password, secret: [0x01])
        XCTAssertEqual(small.publicKey, [UInt8](repeating: 0, count: 383) + [5], "A = g^1")

        // A full-size secret whose A happens to start with a zero byte (the case esp_prov ≤ v5.5.4 got wrong).
        var random = SeededGenerator(seed: 0xA0)
        var leadingZero: SRPClient?
        while leadingZero == nil {
            var a = random.bytes(32)
            a[0] |= 0x80
            let client = try SRPClient(username: username, password: password, secret: a)
            if client.publicKey[0] == 0 { leadingZero = client }
        }

        for client in [small, try XCTUnwrap(leadingZero)] {
            XCTAssertEqual(client.publicKey.count, 384)
            let server = try SRPServer(
                username: username, salt: salt, verifier: verifier, clientPublicKey: client.publicKey
            )
            let proof = try client.respond(salt: salt, serverPublicKey: server.publicKey)
            XCTAssertEqual(proof.sessionKey, server.sessionKey)
            let m2 = try XCTUnwrap(server.verifyClientProof(proof.clientProof))
            XCTAssertTrue(proof.verifyServerProof(m2))
        }
    }

    /// B shorter than 384 bytes: hashed as received in M1, padded in u.
    func testShortServerPublicKey() throws {
        let username = Array("user".utf8), password = Array("secret".utf8)
        let salt = [UInt8](hex: "0102030405060708090a0b0c0d0e0f10")
        let verifier = try SRPVerifier.verifier(username: username, password: password, salt: salt)
        let client = try SRPClient(username: username, password: password)

        var random = SeededGenerator(seed: 0xB0)
        var short: (server: SRPServer, b: [UInt8])?
        while short == nil {
            let b = random.bytes(32)
            let server = try SRPServer(
                username: username, salt: salt, verifier: verifier, clientPublicKey: client.publicKey, secret: b
            )
            if server.publicKey.count < 384 { short = (server, b) }
        }
        let server = try XCTUnwrap(short).server
        XCTAssertNotEqual(server.publicKey.first, 0, "B is sent minimal")

        let proof = try client.respond(salt: salt, serverPublicKey: server.publicKey)
        XCTAssertEqual(proof.sessionKey, server.sessionKey)
        let m2 = try XCTUnwrap(server.verifyClientProof(proof.clientProof))
        XCTAssertTrue(proof.verifyServerProof(m2))

        // The same B padded to 384 bytes is the same number (same u, S, K) but a different M1 transcript.
        let padded = try client.respond(salt: salt, serverPublicKey: SRPGroup.pad(server.publicKey))
        XCTAssertEqual(padded.sessionKey, proof.sessionKey)
        XCTAssertNotEqual(padded.clientProof, proof.clientProof)
        XCTAssertNil(server.verifyClientProof(padded.clientProof))
    }

    /// S shorter than 384 bytes: K hashes S unpadded on both sides.
    func testShortPremasterSecret() throws {
        let username = Array("user".utf8), password = Array("secret".utf8)
        let salt = [UInt8](hex: "a1a2a3a4a5a6a7a8")
        let verifier = try SRPVerifier.verifier(username: username, password: password, salt: salt)
        let client = try SRPClient(username: username, password: password, secret: [UInt8](repeating: 0x9d, count: 32))

        var random = SeededGenerator(seed: 0x50)
        var found: SRPServer.Session?
        while found == nil {
            let session = try SRPServer.deriveSession(
                username: username, salt: salt, verifier: verifier, clientPublicKey: client.publicKey,
                secret: random.bytes(32)
            )
            if session.premasterSecret.count < 384 { found = session }
        }
        let server = try XCTUnwrap(found)
        XCTAssertEqual(server.sessionKey, Hash.sha512(server.premasterSecret.bytes), "K = H(S) without padding")
        XCTAssertNotEqual(
            server.sessionKey, Hash.sha512(SRPGroup.pad(server.premasterSecret.bytes)), "padding S would change K"
        )

        let session = try client.deriveSession(salt: salt, serverPublicKey: server.publicKey, xDerivation: .fullDigest)
        XCTAssertEqual(session.premasterSecret.bytes, server.premasterSecret.bytes)
        XCTAssertEqual(session.sessionKey, server.sessionKey)
        XCTAssertEqual(session.clientProof, server.clientProof)
        XCTAssertEqual(session.serverProof, server.serverProof)
    }

    /// Generated salts keep their length (first byte non-zero) and their verifiers work in a real exchange.
    func testGeneratedCredentials() throws {
        let username = Array("wifiprov".utf8), password = Array("abcd1234".utf8)
        for saltLength in [1, 16, 32, 64] {
            for variant in [SRPXDerivation.fullDigest, .espProvStripped] {
                let (salt, verifier) = try SRPVerifier.generate(
                    username: username, password: password, saltLength: saltLength, xDerivation: variant
                )
                XCTAssertEqual(salt.count, saltLength)
                XCTAssertNotEqual(salt[0], 0)
                XCTAssertNotEqual(verifier.first, 0, "verifier is minimal")
                XCTAssertLessThanOrEqual(verifier.count, 384)
                XCTAssertEqual(
                    try SRPVerifier.verifier(username: username, password: password, salt: salt, xDerivation: variant),
                    verifier
                )
                try assertSessionAgrees(
                    username: username, password: password, salt: salt, a: nil, b: nil, variant: variant,
                    verifier: verifier, context: "salt length \(saltLength)"
                )
            }
        }
        let first = try SRPVerifier.generate(username: username, password: password)
        let second = try SRPVerifier.generate(username: username, password: password)
        XCTAssertNotEqual(first.salt, second.salt)
        XCTAssertEqual(first.salt.count, 16)
    }

    func testRandomSecretsDiffer() throws {
        let first = try SRPClient(username: [0x61], password: [0x62])
        let second = try SRPClient(username: [0x61], password: [0x62])
        XCTAssertNotEqual(first.publicKey, second.publicKey)
        XCTAssertEqual(first.publicKey.count, 384)
    }

    private func assertSessionAgrees(
        username: [UInt8], password: [UInt8], salt: [UInt8], a: [UInt8]?, b: [UInt8]?,
        variant: SRPXDerivation, verifier: [UInt8]? = nil, context: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let verifier = try verifier
            ?? SRPVerifier.verifier(username: username, password: password, salt: salt, xDerivation: variant)
        let client = try SRPClient(username: username, password: password, secret: a)
        let server = try SRPServer(
            username: username, salt: salt, verifier: verifier, clientPublicKey: client.publicKey, secret: b
        )
        let proof = try client.respond(salt: salt, serverPublicKey: server.publicKey, xDerivation: variant)
        XCTAssertEqual(proof.sessionKey, server.sessionKey, context, file: file, line: line)
        let m2 = server.verifyClientProof(proof.clientProof)
        XCTAssertNotNil(m2, context, file: file, line: line)
        XCTAssertTrue(proof.verifyServerProof(m2 ?? []), context, file: file, line: line)
    }
}

extension Array where Element == UInt8 {
    func withNonZeroFirstByte() -> [UInt8] {
        var copy = self
        if copy.first == 0 { copy[0] = 1 }
        return copy
    }
}
