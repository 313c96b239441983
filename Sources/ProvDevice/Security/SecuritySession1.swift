import Crypto
import ProvCrypto
import ProvMessages
import struct Foundation.Data

/// Security 1 (§3.3): X25519 key agreement, the PoP mixed in as `shared XOR SHA-256(PoP)` (only for a
/// non-empty PoP), and ONE AES-256-CTR keystream starting at `device_random` that serves the
/// verification tokens (bytes 0…63) and then every request and response, both directions, in order.
struct SecuritySession1: SecurityScheme {
    private let pop: [UInt8]?
    private let randomness: DeviceRandomness
    private var sessionID: UInt32?
    private var state: State = .awaitingCommand0

    private enum State {
        case awaitingCommand0
        case awaitingCommand1(Command0Result)
        case established(AESCTRStream)
    }

    private struct Command0Result {
        var clientPublicKey: [UInt8]
        var devicePublicKey: [UInt8]
        var deviceRandom: [UInt8]
        var key: [UInt8]
    }

    init(pop: String?, randomness: DeviceRandomness) {
        self.pop = pop.map { Array($0.utf8) }
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
        let data = try decodeSessionData(request, expectedVersion: .secScheme1)
        guard case .sec1(let payload)? = data.proto else { throw RequestFailure.securitySchemeMismatch }
        switch payload.msg {
        case .sessionCommand0:
            return try command0(payload)
        case .sessionCommand1:
            return try command1(payload)
        default:
            throw RequestFailure.unknownMessageType
        }
    }

    private mutating func command0(_ payload: Sec1Payload) throws -> HandshakeStep {
        guard case .sc0(let command)? = payload.payload else { throw RequestFailure.invalidSecurityParameters }
        // "Invalid state of session … Restarting session." (§3.1): Command0 always starts over.
        state = .awaitingCommand0
        let clientPublicKey = Array(command.clientPubkey)
        guard clientPublicKey.count == 32 else { throw RequestFailure.invalidSecurityParameters }

        let privateKey: Curve25519.KeyAgreement.PrivateKey
        let shared: [UInt8]
        do {
            privateKey = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: randomness.sec1PrivateKey())
            let peer = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: clientPublicKey)
            shared = try privateKey.sharedSecretFromKeyAgreement(with: peer).withUnsafeBytes { Array($0) }
        } catch {
            throw RequestFailure.invalidSecurityParameters
        }
        var key = shared
        if let pop, !pop.isEmpty {
            let digest = Array(SHA256.hash(data: pop))
            for index in key.indices { key[index] ^= digest[index] }
        }
        let devicePublicKey = Array(privateKey.publicKey.rawRepresentation)
        let deviceRandom = randomness.sec1DeviceRandom()
        state = .awaitingCommand1(Command0Result(
            clientPublicKey: clientPublicKey, devicePublicKey: devicePublicKey, deviceRandom: deviceRandom, key: key
        ))

        var response = SessionData()
        response.secVer = .secScheme1
        response.sec1.msg = .sessionResponse0
        response.sec1.sr0.status = .success
        response.sec1.sr0.devicePubkey = Data(devicePublicKey)
        response.sec1.sr0.deviceRandom = Data(deviceRandom)
        return HandshakeStep(response: encoded(response), established: false)
    }

    private mutating func command1(_ payload: Sec1Payload) throws -> HandshakeStep {
        guard case .awaitingCommand1(let command0) = state else { throw RequestFailure.invalidState }
        guard case .sc1(let command)? = payload.payload, command.clientVerifyData.count == 32 else {
            throw RequestFailure.invalidSecurityParameters
        }
        var stream: AESCTRStream
        let check: [UInt8]
        let deviceVerifyData: [UInt8]
        do {
            // The device starts its stream here, at offset 0 of device_random (§3.3 step 5).
            stream = try AESCTRStream(key: command0.key, initialCounter: command0.deviceRandom)
            check = try stream.apply(Array(command.clientVerifyData))
            guard constantTimeEqual(check, command0.devicePublicKey) else {
                // "Key mismatch. Close connection": wrong PoP. The session stays at "Cmd0 done".
                throw RequestFailure.credentialsMismatch
            }
            // Keystream bytes 32…63, continuing the same stream.
            deviceVerifyData = try stream.apply(command0.clientPublicKey)
        } catch let failure as RequestFailure {
            throw failure
        } catch {
            throw RequestFailure.invalidSecurityParameters
        }
        state = .established(stream)

        var response = SessionData()
        response.secVer = .secScheme1
        response.sec1.msg = .sessionResponse1
        response.sec1.sr1.status = .success
        response.sec1.sr1.deviceVerifyData = Data(deviceVerifyData)
        return HandshakeStep(response: encoded(response), established: true)
    }

    mutating func decrypt(session: UInt32, _ data: [UInt8]) throws -> [UInt8] {
        try crypt(session: session, data)
    }

    mutating func encrypt(session: UInt32, _ data: [UInt8]) throws -> [UInt8] {
        try crypt(session: session, data)
    }

    /// CTR encrypt ≡ decrypt: both consume the next bytes of the one stream.
    private mutating func crypt(session: UInt32, _ data: [UInt8]) throws -> [UInt8] {
        guard sessionID == session else { throw RequestFailure.invalidSession }
        guard case .established(var stream) = state else { throw RequestFailure.sessionNotEstablished }
        let output: [UInt8]
        do {
            output = try stream.apply(data)
        } catch {
            throw RequestFailure.decryptionFailed
        }
        state = .established(stream)
        return output
    }
}
