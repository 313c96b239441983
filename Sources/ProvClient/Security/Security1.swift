import Foundation
@preconcurrency import Crypto
import ProvCrypto
import ProvMessages

/// Security 1: X25519 key agreement, the PoP folded into the key, and one AES-256-CTR keystream
/// for the whole session in both directions (docs/protocol.md §3.3, §8.3–8.4).
public struct Security1: SecurityScheme {
    /// Sent as `sec_ver` and checked in every reply.
    public let version = SecurityVersion.sec1

    private enum Step { case start, awaitingResponse0, awaitingResponse1, established }

    /// Needed until the key agreement; dropped then, like the PoP (a session lives for the whole run).
    private var privateKey: Curve25519.KeyAgreement.PrivateKey?
    private var proofOfPossession: [UInt8]
    private let clientPublicKey: [UInt8]
    private let popApplied: Bool
    private var step = Step.start
    private var stream: AESCTRStream?
    private var devicePublicKey: [UInt8] = []

    /// - Parameters:
    ///   - proofOfPossession: the PoP; empty for devices started without one (`no_pop`).
    ///   - privateKey: injectable for test vectors; random by default.
    public init(proofOfPossession: String, privateKey: Curve25519.KeyAgreement.PrivateKey = .init()) {
        self.proofOfPossession = Array(proofOfPossession.utf8)
        self.popApplied = !proofOfPossession.isEmpty
        self.privateKey = privateKey
        self.clientPublicKey = Array(privateKey.publicKey.rawRepresentation)
    }

    /// Command0 with our key, then Command1 with the verifier; checks the device's proof last.
    public mutating func nextHandshakeRequest(after response: [UInt8]?) throws -> [UInt8]? {
        switch step {
        case .start:
            step = .awaitingResponse0
            return try command0()
        case .awaitingResponse0:
            guard let response else { throw ProvError.internalError("sec1 handshake resumed without a reply") }
            step = .awaitingResponse1
            return try command1(answering: response)
        case .awaitingResponse1:
            guard let response else { throw ProvError.internalError("sec1 handshake resumed without a reply") }
            try verify(response1: response)
            step = .established
            return nil
        case .established:
            return nil
        }
    }

    private func command0() throws -> [UInt8] {
        try encode(sessionData(Sec1Payload.with {
            $0.msg = .sessionCommand0
            $0.sc0 = SessionCmd0.with { $0.clientPubkey = Data(clientPublicKey) }
        }))
    }

    private mutating func command1(answering bytes: [UInt8]) throws -> [UInt8] {
        let reply = try decodeSessionReply(bytes, expecting: .sec1)
        guard case .sec1(let payload) = reply.proto, payload.msg == .sessionResponse0,
            case .sr0(let response0) = payload.payload
        else { throw ProvError.protocolViolation(ProtocolViolation(.unexpectedHandshakeMessage(expected: "sec1 SessionResponse0"))) }
        try requireSuccess(response0.status, step: .sec1KeyExchange)
        let devicePublic = Array(response0.devicePubkey)
        let deviceRandom = Array(response0.deviceRandom)
        guard devicePublic.count == 32 else {
            throw ProvError.protocolViolation(ProtocolViolation(
                .fieldSize(field: "sec1 device public key", got: devicePublic.count, expected: [32...32])))
        }
        guard deviceRandom.count == 16 else {
            throw ProvError.protocolViolation(ProtocolViolation(
                .fieldSize(field: "sec1 device random", got: deviceRandom.count, expected: [16...16])))
        }
        guard let privateKey else { throw ProvError.internalError("sec1 key exchange run twice") }
        let shared: [UInt8]
        do {
            let peer = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: devicePublic)
            shared = try privateKey.sharedSecretFromKeyAgreement(with: peer).withUnsafeBytes { Array($0) }
        } catch {
            throw ProvError.protocolViolation(ProtocolViolation(.unusableKey(lowOrder: false)))
        }
        // A low-order point (e.g. all zeros) gives an all-zero secret, leaving the key to the PoP alone;
        // swift-crypto does not refuse it, so check as RFC 7748 §6.1 asks (Python's cryptography, under
        // esp_prov, refuses it too).
        guard shared.reduce(0, |) != 0 else {
            throw ProvError.protocolViolation(ProtocolViolation(.unusableKey(lowOrder: true)))
        }
        var key = shared
        if !proofOfPossession.isEmpty {
            let digest = Array(SHA256.hash(data: proofOfPossession))
            for index in key.indices { key[index] ^= digest[index] }
        }
        // The stream below holds the key from now on; the ingredients are not needed any more.
        self.privateKey = nil
        self.proofOfPossession = []
        var stream = try AESCTRStream(key: key, initialCounter: deviceRandom)
        let verifyToken = try stream.apply(devicePublic)
        self.stream = stream
        self.devicePublicKey = devicePublic

        return try encode(sessionData(Sec1Payload.with {
            $0.msg = .sessionCommand1
            $0.sc1 = SessionCmd1.with { $0.clientVerifyData = Data(verifyToken) }
        }))
    }

    private mutating func verify(response1 bytes: [UInt8]) throws {
        let reply = try decodeSessionReply(bytes, expecting: .sec1)
        guard case .sec1(let payload) = reply.proto, payload.msg == .sessionResponse1,
            case .sr1(let response1) = payload.payload
        else { throw ProvError.protocolViolation(ProtocolViolation(.unexpectedHandshakeMessage(expected: "sec1 SessionResponse1"))) }
        try requireSuccess(response1.status, step: .sec1Proof)
        let token = Array(response1.deviceVerifyData)
        guard token.count == 32, var stream else {
            throw ProvError.protocolViolation(ProtocolViolation(
                .fieldSize(field: "sec1 device verify data", got: token.count, expected: [32...32])))
        }
        let decrypted = try stream.apply(token)
        self.stream = stream
        guard constantTimeEqual(decrypted, clientPublicKey) else {
            throw ProvError.authentication(AuthenticationFailure(.deviceProofMismatch(.sec1)))
        }
    }

    private func sessionData(_ payload: Sec1Payload) -> SessionData {
        var data = SessionData()
        data.secVer = .secScheme1
        data.sec1 = payload
        return data
    }

    /// Advances the one CTR stream shared by both directions.
    public mutating func encrypt(_ plaintext: [UInt8]) throws -> [UInt8] { try applyStream(plaintext) }
    /// The same stream as `encrypt` (CTR is symmetric); order of calls is what keeps both sides aligned.
    public mutating func decrypt(_ ciphertext: [UInt8]) throws -> [UInt8] { try applyStream(ciphertext) }

    private mutating func applyStream(_ bytes: [UInt8]) throws -> [UInt8] {
        guard step == .established, var stream else {
            throw ProvError.internalError("sec1 used before the session was established")
        }
        let out = try stream.apply(bytes)
        self.stream = stream
        return out
    }

    /// Whether the PoP was mixed in, which explains most sec1 failures.
    public var details: [String] {
        ["sec1: X25519 + AES-256-CTR, PoP \(popApplied ? "applied" : "not used")"]
    }
}
