import Crypto
import ProvCrypto
import ProvMessages
import struct Foundation.Data

/// Security 1 (§3.3): X25519 key agreement, the PoP mixed in as `shared XOR SHA-256(PoP)` (only for a
/// non-empty PoP), and ONE AES-256-CTR keystream starting at `device_random` that serves the
/// verification tokens (bytes 0…63) and then every request and response, both directions, in order.
struct Security1Handshake: SessionHandshake {
    private let pop: [UInt8]?
    private let randomness: DeviceRandomness

    struct Pending: Sendable {
        var clientPublicKey: [UInt8]
        var devicePublicKey: [UInt8]
        var deviceRandom: [UInt8]
        var key: [UInt8]
    }

    init(pop: String?, randomness: DeviceRandomness) {
        self.pop = pop.map { Array($0.utf8) }
        self.randomness = randomness
    }

    static let version = SecSchemeVersion.secScheme1

    static func command(in data: SessionData) throws -> HandshakeCommand<SessionCmd0, SessionCmd1> {
        guard case .sec1(let payload)? = data.proto else { throw RequestFailure.securitySchemeMismatch }
        switch payload.msg {
        case .sessionCommand0:
            guard case .sc0(let command)? = payload.payload else { return .command0(nil) }
            return .command0(command)
        case .sessionCommand1:
            guard case .sc1(let command)? = payload.payload else { return .command1(nil) }
            return .command1(command)
        default:
            throw RequestFailure.unknownMessageType
        }
    }

    func command0(_ command: SessionCmd0) throws -> (Pending, SessionData) {
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
        let pending = Pending(
            clientPublicKey: clientPublicKey, devicePublicKey: devicePublicKey, deviceRandom: deviceRandom, key: key
        )

        var response = SessionData()
        response.secVer = .secScheme1
        response.sec1.msg = .sessionResponse0
        response.sec1.sr0.status = .success
        response.sec1.sr0.devicePubkey = Data(devicePublicKey)
        response.sec1.sr0.deviceRandom = Data(deviceRandom)
        return (pending, response)
    }

    func command1(_ command: SessionCmd1, after command0: Pending) throws -> (CTRSessionCipher, SessionData) {
        guard command.clientVerifyData.count == 32 else { throw RequestFailure.invalidSecurityParameters }
        var stream: AESCTRStream
        let deviceVerifyData: [UInt8]
        do {
            // The device starts its stream here, at offset 0 of device_random (§3.3 step 5).
            stream = try AESCTRStream(key: command0.key, initialCounter: command0.deviceRandom)
            let check = try stream.apply(Array(command.clientVerifyData))
            guard constantTimeEqual(check, command0.devicePublicKey) else {
                // "Key mismatch. Close connection": wrong PoP.
                throw RequestFailure.credentialsMismatch
            }
            // Keystream bytes 32…63, continuing the same stream.
            deviceVerifyData = try stream.apply(command0.clientPublicKey)
        } catch let failure as RequestFailure {
            throw failure
        } catch {
            throw RequestFailure.invalidSecurityParameters
        }

        var response = SessionData()
        response.secVer = .secScheme1
        response.sec1.msg = .sessionResponse1
        response.sec1.sr1.status = .success
        response.sec1.sr1.deviceVerifyData = Data(deviceVerifyData)
        return (CTRSessionCipher(stream: stream), response)
    }
}

/// Security 1's protection: CTR encrypt ≡ decrypt, both consume the next bytes of the one stream.
struct CTRSessionCipher: SessionCipher {
    var stream: AESCTRStream

    mutating func open(_ data: [UInt8]) throws -> [UInt8] { try apply(data) }
    mutating func seal(_ data: [UInt8]) throws -> [UInt8] { try apply(data) }

    private mutating func apply(_ data: [UInt8]) throws -> [UInt8] {
        do {
            return try stream.apply(data)
        } catch {
            throw RequestFailure.decryptionFailed
        }
    }
}
