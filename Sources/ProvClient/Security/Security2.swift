import Foundation
import ProvCrypto
import ProvMessages
import SRP6a

/// Security 2: SRP-6a (3072-bit, SHA-512) proves both sides know the password/verifier, then
/// AES-256-GCM protects every message (docs/protocol.md §3.4, §8.2, §8.5–8.6).
public struct Security2: SecurityScheme {
    /// Sent as `sec_ver` and checked in every reply.
    public let version = SecurityVersion.sec2

    private enum Step { case start, awaitingResponse0, awaitingResponse1, established }

    private let username: [UInt8]
    /// Holds a and H(I:p); dropped once M1 is computed (the session object lives for the whole run).
    private var client: SRPClient?
    private let clientPublicKey: [UInt8]
    private let advertisedIVMode: GCMIVMode
    private let xDerivation: SRPXDerivation
    private var step = Step.start
    private var proof: SRPClientProof?
    private var cipher: GCMSessionCipher?
    private(set) var notes: [String] = []

    /// - Parameters:
    ///   - advertisedIVMode: what `proto-ver`'s `sec_patch_ver` says; the nonce length has the last word.
    ///   - xDerivation: `.fullDigest` as device code and phone apps; `.espProvStripped` for
    ///     verifiers made by esp_prov when H(I:p) starts with 0x00.
    ///   - secret: the SRP secret `a`, injectable for test vectors.
    public init(
        username: String, password: String, advertisedIVMode: GCMIVMode,
        xDerivation: SRPXDerivation = .fullDigest, secret: [UInt8]? = nil
    ) throws {
        try self.init(
            username: Array(username.utf8), password: Array(password.utf8), advertisedIVMode: advertisedIVMode,
            xDerivation: xDerivation, secret: secret)
    }

    /// The same from UTF-8 bytes, so a caller that also needs them (the fallback check) encodes once.
    public init(
        username: [UInt8], password: [UInt8], advertisedIVMode: GCMIVMode,
        xDerivation: SRPXDerivation = .fullDigest, secret: [UInt8]? = nil
    ) throws {
        self.username = username
        self.advertisedIVMode = advertisedIVMode
        self.xDerivation = xDerivation
        do {
            let client = try SRPClient(username: username, password: password, secret: secret)
            self.client = client
            self.clientPublicKey = client.publicKey
        } catch {
            throw ProvError.internalError("could not start SRP-6a: \(error)")
        }
    }

    /// Command0 with A, Command1 with M1; verifies M2 and sets up AES-GCM from the device's nonce.
    public mutating func nextHandshakeRequest(after response: [UInt8]?) throws -> [UInt8]? {
        switch step {
        case .start:
            step = .awaitingResponse0
            var command = S2SessionCmd0()
            command.clientUsername = Data(username)
            command.clientPubkey = Data(clientPublicKey)
            var payload = Sec2Payload()
            payload.msg = .s2SessionCommand0
            payload.sc0 = command
            return try encode(sessionData(payload))
        case .awaitingResponse0:
            guard let response else { throw ProvError.internalError("sec2 handshake resumed without a reply") }
            step = .awaitingResponse1
            return try command1(answering: response)
        case .awaitingResponse1:
            guard let response else { throw ProvError.internalError("sec2 handshake resumed without a reply") }
            try finish(response1: response)
            step = .established
            return nil
        case .established:
            return nil
        }
    }

    private mutating func command1(answering bytes: [UInt8]) throws -> [UInt8] {
        let reply = try decodeSessionReply(bytes, expecting: .sec2)
        guard case .sec2(let payload) = reply.proto, payload.msg == .s2SessionResponse0,
            case .sr0(let response0) = payload.payload
        else { throw ProvError.protocolViolation(ProtocolViolation(.unexpectedHandshakeMessage(expected: "sec2 SessionResponse0"))) }
        try requireSuccess(response0.status, step: .srpExchange)
        let serverPublic = Array(response0.devicePubkey)
        let salt = Array(response0.deviceSalt)
        guard !serverPublic.isEmpty, serverPublic.count <= 384 else {
            throw ProvError.protocolViolation(ProtocolViolation(
                .fieldSize(field: "SRP public key B", got: serverPublic.count, expected: [1...384])))
        }
        guard !salt.isEmpty, salt.count <= 1024 else {
            throw ProvError.protocolViolation(ProtocolViolation(.fieldSize(field: "SRP salt", got: salt.count, expected: [])))
        }
        guard let client else { throw ProvError.internalError("sec2 proof computed twice") }
        let proof: SRPClientProof
        do {
            proof = try client.respond(salt: salt, serverPublicKey: serverPublic, xDerivation: xDerivation)
        } catch let error as SRPError {
            throw ProvError.authentication(AuthenticationFailure(.invalidDevicePublicKey(error)))
        } catch {
            throw ProvError.authentication("the device's SRP public key is invalid (\(error)); refusing to continue")
        }
        self.client = nil
        self.proof = proof
        var command = S2SessionCmd1()
        command.clientProof = Data(proof.clientProof)
        var next = Sec2Payload()
        next.msg = .s2SessionCommand1
        next.sc1 = command
        return try encode(sessionData(next))
    }

    private mutating func finish(response1 bytes: [UInt8]) throws {
        let reply = try decodeSessionReply(bytes, expecting: .sec2)
        guard case .sec2(let payload) = reply.proto, payload.msg == .s2SessionResponse1,
            case .sr1(let response1) = payload.payload
        else { throw ProvError.protocolViolation(ProtocolViolation(.unexpectedHandshakeMessage(expected: "sec2 SessionResponse1"))) }
        try requireSuccess(response1.status, step: .srpProof)
        guard let proof else { throw ProvError.internalError("sec2 proof missing") }
        guard proof.verifyServerProof(Array(response1.deviceProof)) else {
            throw ProvError.authentication(AuthenticationFailure(.deviceProofMismatch(.sec2)))
        }
        let nonce = Array(response1.deviceNonce)
        let mode: GCMIVMode
        switch nonce.count {
        case GCMIVMode.counter.nonceLength: mode = .counter
        case GCMIVMode.staticIV.nonceLength: mode = .staticIV
        default:
            throw ProvError.protocolViolation(ProtocolViolation(
                .fieldSize(field: "sec2 device nonce", got: nonce.count, expected: [12...12, 16...16])))
        }
        if mode != advertisedIVMode {
            notes.append("proto-ver suggests \(advertisedIVMode) but the device sent a \(nonce.count)-byte nonce; using \(mode)")
        }
        notes.append("sec2 AES-GCM with \(mode)")
        cipher = try GCMSessionCipher(key: Array(proof.sessionKey.prefix(32)), nonce: nonce, mode: mode)
        self.proof = nil  // K lives on only inside the cipher's key
    }

    private func sessionData(_ payload: Sec2Payload) -> SessionData {
        var data = SessionData()
        data.secVer = .secScheme2
        data.sec2 = payload
        return data
    }

    /// AES-GCM with the session's IV mode; errors name the likely cause.
    public mutating func encrypt(_ plaintext: [UInt8]) throws -> [UInt8] {
        guard var cipher else { throw ProvError.internalError("sec2 used before the session was established") }
        defer { self.cipher = cipher }
        do { return try cipher.seal(plaintext) } catch { throw ProvError.protocolViolation(ProtocolViolation(.cipher(problem(error)))) }
    }

    /// Opens a reply; a bad tag means wrong IV mode or a corrupted message.
    public mutating func decrypt(_ ciphertext: [UInt8]) throws -> [UInt8] {
        guard var cipher else { throw ProvError.internalError("sec2 used before the session was established") }
        defer { self.cipher = cipher }
        do { return try cipher.open(ciphertext) } catch { throw ProvError.protocolViolation(ProtocolViolation(.cipher(problem(error)))) }
    }

    private func problem(_ error: Error) -> ProtocolViolation.CipherProblem {
        (error as? CryptoFailure).map { .crypto($0) } ?? .other("\(error)")
    }

    /// Notes gathered during the handshake (IV mode, mismatches), for `-v`.
    public var details: [String] { notes }
}
