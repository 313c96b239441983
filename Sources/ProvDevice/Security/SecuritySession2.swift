import ProvCrypto
import ProvMessages
import SRP6a
import struct Foundation.Data

/// Security 2 (§3.4): SRP-6a (3072-bit group, SHA-512) with the stored salt and verifier, then
/// AES-256-GCM with K[0:32]. With the IV fix (`sec_patch_ver` 1) the nonce is 8 random bytes ‖ a
/// big-endian counter starting at 1, advanced after every GCM operation in either direction; without
/// it, one random 16-byte IV is used for every message.
struct SecuritySession2: SecurityScheme {
    private let salt: [UInt8]
    private let verifier: [UInt8]
    private let counterNonce: Bool
    private let randomness: DeviceRandomness
    private var sessionID: UInt32?
    private var state: State = .awaitingCommand0

    private enum State {
        case awaitingCommand0
        case awaitingCommand1(SRPServer)
        case established(GCMSessionCipher)
    }

    init(salt: [UInt8], verifier: [UInt8], counterNonce: Bool, randomness: DeviceRandomness) {
        self.salt = salt
        self.verifier = verifier
        self.counterNonce = counterNonce
        self.randomness = randomness
    }

    mutating func openSession(_ id: UInt32) {
        sessionID = id
        state = .awaitingCommand0
    }

    mutating func closeSession(_ id: UInt32) {
        guard sessionID == id else { return }
        sessionID = nil
        state = .awaitingCommand0
    }

    mutating func handshake(session: UInt32, request: [UInt8]) throws -> HandshakeStep {
        guard sessionID == session else { throw RequestFailure.invalidSession }
        let data = try decodeSessionData(request, expectedVersion: .secScheme2)
        guard case .sec2(let payload)? = data.proto else { throw RequestFailure.securitySchemeMismatch }
        switch payload.msg {
        case .s2SessionCommand0:
            return try command0(payload)
        case .s2SessionCommand1:
            return try command1(payload)
        default:
            throw RequestFailure.unknownMessageType
        }
    }

    private mutating func command0(_ payload: Sec2Payload) throws -> HandshakeStep {
        guard case .sc0(let command)? = payload.payload else { throw RequestFailure.invalidSecurityParameters }
        state = .awaitingCommand0  // Command0 restarts the session (§3.1).
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
        state = .awaitingCommand1(server)

        var response = SessionData()
        response.secVer = .secScheme2
        response.sec2.msg = .s2SessionResponse0
        response.sec2.sr0.status = .success
        response.sec2.sr0.devicePubkey = Data(server.publicKey)
        response.sec2.sr0.deviceSalt = Data(salt)
        return HandshakeStep(response: encoded(response), established: false)
    }

    private mutating func command1(_ payload: Sec2Payload) throws -> HandshakeStep {
        guard case .awaitingCommand1(let server) = state else { throw RequestFailure.invalidState }
        guard case .sc1(let command)? = payload.payload, command.clientProof.count == 64 else {
            throw RequestFailure.invalidSecurityParameters
        }
        // "Failed to authenticate client proof!": wrong username or password; still at "Cmd0 done".
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
        state = .established(cipher)

        var response = SessionData()
        response.secVer = .secScheme2
        response.sec2.msg = .s2SessionResponse1
        response.sec2.sr1.status = .success
        response.sec2.sr1.deviceProof = Data(serverProof)
        response.sec2.sr1.deviceNonce = Data(nonce)
        return HandshakeStep(response: encoded(response), established: true)
    }

    mutating func decrypt(session: UInt32, _ data: [UInt8]) throws -> [UInt8] {
        guard sessionID == session else { throw RequestFailure.invalidSession }
        guard case .established(var cipher) = state else { throw RequestFailure.sessionNotEstablished }
        // A bad tag throws before the counter moves, so a corrupted request desynchronises the session (§3.4).
        guard let plaintext = try? cipher.open(data) else { throw RequestFailure.decryptionFailed }
        state = .established(cipher)
        return plaintext
    }

    mutating func encrypt(session: UInt32, _ data: [UInt8]) throws -> [UInt8] {
        guard sessionID == session else { throw RequestFailure.invalidSession }
        guard case .established(var cipher) = state else { throw RequestFailure.sessionNotEstablished }
        guard let sealed = try? cipher.seal(data) else { throw RequestFailure.encryptionFailed }
        state = .established(cipher)
        return sealed
    }
}
