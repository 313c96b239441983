import TestSupport
import XCTest
@testable import SRP6a

/// The SRP-6a safety checks and proof comparisons: a peer that sends degenerate keys or wrong proofs
/// must be refused.
final class RejectionTests: XCTestCase {
    let username = Array("wifiprov".utf8)
    let password = Array("abcd1234".utf8)
    let salt = [UInt8](hex: "036ee0c7bcb9eda84c9eac97d93decf4")

    func testClientRejectsServerKeyCongruentToZero() throws {
        let client = try SRPClient(username: username, password: password)
        let zeroes: [[UInt8]] = [[], [0], [UInt8](repeating: 0, count: 384), SRPGroup.prime]
        for B in zeroes {
            XCTAssertThrowsError(try client.respond(salt: salt, serverPublicKey: B), "B of \(B.count) bytes") {
                XCTAssertEqual($0 as? SRPError, .invalidServerPublicKey)
            }
        }
    }

    func testClientRejectsOverlongServerKey() throws {
        let client = try SRPClient(username: username, password: password)
        XCTAssertThrowsError(try client.respond(salt: salt, serverPublicKey: [1] + SRPGroup.prime)) {
            XCTAssertEqual($0 as? SRPError, .invalidLength("server public key"))
        }
    }

    func testServerRejectsClientKeyOfWrongLength() throws {
        let verifier = try SRPVerifier.verifier(username: username, password: password, salt: salt)
        let A = try SRPClient(username: username, password: password).publicKey
        let wrong: [[UInt8]] = [[], Array(A.dropFirst()), [0] + A, Array(A.drop(while: { $0 != 0 }))]
        for key in wrong where key.count != 384 {
            XCTAssertThrowsError(
                try SRPServer(username: username, salt: salt, verifier: verifier, clientPublicKey: key),
                "A of \(key.count) bytes"
            ) {
                XCTAssertEqual($0 as? SRPError, .invalidLength("client public key"))
            }
        }
    }

    func testServerRejectsClientKeyCongruentToZero() throws {
        let verifier = try SRPVerifier.verifier(username: username, password: password, salt: salt)
        for A in [[UInt8](repeating: 0, count: 384), SRPGroup.prime] {
            XCTAssertThrowsError(
                try SRPServer(username: username, salt: salt, verifier: verifier, clientPublicKey: A)
            ) {
                XCTAssertEqual($0 as? SRPError, .invalidClientPublicKey)
            }
        }
    }

    func testServerRejectsMalformedVerifier() throws {
        let A = try SRPClient(username: username, password: password).publicKey
        for verifier in [[], [1] + SRPGroup.prime] {
            XCTAssertThrowsError(
                try SRPServer(username: username, salt: salt, verifier: verifier, clientPublicKey: A)
            ) {
                XCTAssertEqual($0 as? SRPError, .invalidLength("verifier"))
            }
        }
    }

    func testEmptySecretsAndSaltLengthAreRefused() throws {
        XCTAssertThrowsError(try SRPClient(username: username, password: password, secret: [])) {
            XCTAssertEqual($0 as? SRPError, .invalidLength("client secret"))
        }
        XCTAssertThrowsError(try SRPVerifier.generate(username: username, password: password, saltLength: 0)) {
            XCTAssertEqual($0 as? SRPError, .invalidLength("salt"))
        }
    }

    func testWrongServerProofIsRejected() throws {
        let (client, server) = try handshake()
        let proof = try client.respond(salt: salt, serverPublicKey: server.publicKey)
        let m2 = try XCTUnwrap(server.verifyClientProof(proof.clientProof))
        XCTAssertTrue(proof.verifyServerProof(m2))

        var flipped = m2
        flipped[63] ^= 0x01
        XCTAssertFalse(proof.verifyServerProof(flipped))
        XCTAssertFalse(proof.verifyServerProof(Array(m2.dropLast())))
        XCTAssertFalse(proof.verifyServerProof(m2 + [0]))
        XCTAssertFalse(proof.verifyServerProof([]))
        XCTAssertFalse(proof.verifyServerProof(proof.clientProof), "M1 is not M2")
    }

    func testWrongPasswordIsRejectedByTheServer() throws {
        let (_, server) = try handshake()
        let impostor = try SRPClient(username: username, password: Array("abcd1235".utf8))
        let impostorServer = try SRPServer(
            username: username, salt: salt,
            verifier: try SRPVerifier.verifier(username: username, password: password, salt: salt),
            clientPublicKey: impostor.publicKey
        )
        let proof = try impostor.respond(salt: salt, serverPublicKey: impostorServer.publicKey)
        XCTAssertNil(impostorServer.verifyClientProof(proof.clientProof))
        XCTAssertNotEqual(proof.sessionKey, impostorServer.sessionKey)
        XCTAssertNil(server.verifyClientProof(proof.clientProof))
    }

    func testWrongUsernameOrTamperedProofIsRejected() throws {
        let verifier = try SRPVerifier.verifier(username: username, password: password, salt: salt)
        let client = try SRPClient(username: Array("wifiprow".utf8), password: password)
        let server = try SRPServer(
            username: username, salt: salt, verifier: verifier, clientPublicKey: client.publicKey
        )
        let proof = try client.respond(salt: salt, serverPublicKey: server.publicKey)
        XCTAssertNil(server.verifyClientProof(proof.clientProof), "the username is hashed into x and M1")

        let (honest, honestServer) = try handshake()
        let m1 = try honest.respond(salt: salt, serverPublicKey: honestServer.publicKey).clientProof
        var flipped = m1
        flipped[0] ^= 0x80
        XCTAssertNil(honestServer.verifyClientProof(flipped))
        XCTAssertNil(honestServer.verifyClientProof(Array(m1.prefix(32))))
        XCTAssertNil(honestServer.verifyClientProof([]))
        XCTAssertNotNil(honestServer.verifyClientProof(m1))
    }

    private func handshake() throws -> (SRPClient, SRPServer) {
        let verifier = try SRPVerifier.verifier(username: username, password: password, salt: salt)
        let client = try SRPClient(username: username, password: password)
        let server = try SRPServer(
            username: username, salt: salt, verifier: verifier, clientPublicKey: client.publicKey
        )
        return (client, server)
    }
}
