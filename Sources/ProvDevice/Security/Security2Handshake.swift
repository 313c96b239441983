import ProvCrypto
import ProvMessages
import SRP6a
import struct Foundation.Data

/// Security 2 (§3.4): SRP-6a (3072-bit group, SHA-512) with the stored salt and verifier, then
/// AES-256-GCM with K[0:32]. With the IV fix (`sec_patch_ver` 1) the nonce is 8 random bytes ‖ a
/// big-endian counter starting at 1, advanced after every GCM operation in either direction; without
/// it, one random 16-byte IV is used for every message.
struct Security2Handshake: SessionHandshake {
    private let salt: [UInt8]
    private let verifier: [UInt8]
    private let counterNonce: Bool
    private let randomness: DeviceRandomness

    init(salt: [UInt8], verifier: [UInt8], counterNonce: Bool, randomness: DeviceRandomness) {
        self.salt = salt
        self.verifier = verifier
        self.counterNonce = counterNonce
        self.randomness = randomness
    }

    static let version = SecSchemeVersion.secScheme2

    static func command(in data: SessionData) throws -> HandshakeCommand<S2SessionCmd0, S2SessionCmd1> {
        guard case .sec2(let payload)? = data.proto else { throw RequestFailure.securitySchemeMismatch }
        switch payload.msg {
        case .s2SessionCommand0:
            guard case .sc0(let command)? = payload.payload else { return .command0(nil) }
            return .command0(command)
        case .s2SessionCommand1:
            guard case .sc1(let command)? = payload.payload else { return .command1(nil) }
            return .command1(command)
        default:
            throw RequestFailure.unknownMessageType
        }
    }

    func command0(_ command: S2SessionCmd0) throws -> (SRPServer, SessionData) {
        let username = Array(command.clientUsername)
        let clientPublicKey = Array(command.clientPubkey)
        // The device does not check the username; it only goes into M1 (§3.4 step 2).
        guard clientPublicKey.count == 384, (1...65535).contains(username.count) else {
            throw RequestFailure.invalidSecurityParameters
        }
        let server: SRPServer
        do {
            server = try SRPServer(
                username: username, salt: salt, verifier: verifier,
                clientPublicKey: clientPublicKey, secret: randomness.sec2Secret()
            )
        } catch {
            throw RequestFailure.invalidSecurityParameters  // A mod N = 0 or u = 0
        }

        var response = SessionData()
        response.secVer = .secScheme2
        response.sec2.msg = .s2SessionResponse0
        response.sec2.sr0.status = .success
        response.sec2.sr0.devicePubkey = Data(server.publicKey)
        response.sec2.sr0.deviceSalt = Data(salt)
        return (server, response)
    }

    func command1(_ command: S2SessionCmd1, after server: SRPServer) throws -> (GCMRequestCipher, SessionData) {
        guard command.clientProof.count == 64 else { throw RequestFailure.invalidSecurityParameters }
        // "Failed to authenticate client proof!": wrong username or password.
        guard let serverProof = server.verifyClientProof(Array(command.clientProof)) else {
            throw RequestFailure.credentialsMismatch
        }
        let nonce = counterNonce ? randomness.sec2NonceBytes(8) + [0, 0, 0, 1] : randomness.sec2NonceBytes(16)
        let cipher: GCMSessionCipher
        do {
            cipher = try GCMSessionCipher(
                key: Array(server.sessionKey.prefix(32)), nonce: nonce, mode: counterNonce ? .counter : .staticIV
            )
        } catch {
            throw RequestFailure.invalidSecurityParameters
        }

        var response = SessionData()
        response.secVer = .secScheme2
        response.sec2.msg = .s2SessionResponse1
        response.sec2.sr1.status = .success
        response.sec2.sr1.deviceProof = Data(serverProof)
        response.sec2.sr1.deviceNonce = Data(nonce)
        return (GCMRequestCipher(cipher: cipher), response)
    }
}

/// Security 2's protection of REQ endpoints.
struct GCMRequestCipher: SessionCipher {
    var cipher: GCMSessionCipher

    mutating func open(_ data: [UInt8]) throws -> [UInt8] {
        // A bad tag throws before the counter moves, so a corrupted request desynchronises the session (§3.4).
        guard let plaintext = try? cipher.open(data) else { throw RequestFailure.decryptionFailed }
        return plaintext
    }

    mutating func seal(_ data: [UInt8]) throws -> [UInt8] {
        guard let sealed = try? cipher.seal(data) else { throw RequestFailure.encryptionFailed }
        return sealed
    }
}
