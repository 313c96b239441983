/// The client (esp_prov / phone) side of the security 2 handshake: sends A, answers the device's salt and B
/// with M1, and checks the device's M2.
public struct SRPClient: Sendable {
    /// Length of the random secret a, as esp_prov (256 bits with the top bit set).
    static let secretLength = 32

    private let username: [UInt8]
    private let credentialDigest: SecretBytes
    private let secret: SecretBytes

    /// A = g^a mod N, left-padded to exactly 384 bytes: the device rejects any other length, and these same
    /// padded bytes go into M1 and M2.
    public let publicKey: [UInt8]

    /// - Parameter secret: the ephemeral a as big-endian bytes; only tests should pass it. By default 32
    ///   random bytes with the top bit set, as esp_prov draws it.
    public init(username: [UInt8], password: [UInt8], secret: [UInt8]? = nil) throws {
        let a: SecretBytes
        if let secret {
            guard !secret.isEmpty else { throw SRPError.invalidLength("client secret") }
            a = SecretBytes(copying: secret)
        } else {
            var random = try Bytes.random(count: Self.secretLength)
            random[0] |= 0x80
            a = SecretBytes(consuming: &random)
        }
        self.username = username
        self.credentialDigest = SRPXDerivation.credentialDigest(username: username, password: password)
        self.secret = a
        let context = BigNumContext()
        let A = context.modExp(SRPGroup.generatorNumber(), BigNum(secret: a), SRPGroup.primeNumber())
        self.publicKey = A.paddedBytes(length: SRPGroup.length)
    }

    /// Computes M1 and K from the device's salt and B (hashed exactly as received, so pass the bytes from
    /// the wire). Throws when B ≡ 0 mod N or u = 0, the values a malicious device could use to fix K.
    public func respond(
        salt: [UInt8], serverPublicKey: [UInt8], xDerivation: SRPXDerivation = .fullDigest
    ) throws -> SRPClientProof {
        let session = try deriveSession(salt: salt, serverPublicKey: serverPublicKey, xDerivation: xDerivation)
        return SRPClientProof(
            clientProof: session.clientProof,
            sessionKey: session.sessionKey,
            expectedServerProof: session.serverProof
        )
    }

    /// Whether H(I ‖ ":" ‖ p) starts with 0x00: the only case (for salts without a leading zero) where
    /// `.fullDigest` and `.espProvStripped` produce different verifiers, so a caller knows when a retry with
    /// the other variant can help.
    public static func innerDigestStartsWithZero(username: [UInt8], password: [UInt8]) -> Bool {
        SRPXDerivation.credentialDigest(username: username, password: password).first == 0
    }

    /// Every value the client derives in one exchange; `respond` keeps only what the session needs.
    struct Session {
        let scramblingParameter: [UInt8]
        let privateKey: SecretBytes
        let premasterSecret: SecretBytes
        let sessionKey: [UInt8]
        let clientProof: [UInt8]
        let serverProof: [UInt8]
    }

    func deriveSession(salt: [UInt8], serverPublicKey: [UInt8], xDerivation: SRPXDerivation) throws -> Session {
        guard serverPublicKey.count <= SRPGroup.length else { throw SRPError.invalidLength("server public key") }
        let context = BigNumContext()
        let N = SRPGroup.primeNumber()
        let B = BigNum(serverPublicKey)
        guard !context.mod(B, N).isZero else { throw SRPError.invalidServerPublicKey }

        let u = SRPTranscript.scramblingParameter(clientPublicKey: publicKey, serverPublicKey: serverPublicKey)
        let uNumber = BigNum(u)
        guard !uNumber.isZero else { throw SRPError.zeroScramblingParameter }

        // S = (B − k·v)^(a + u·x) mod N, with B − k·v reduced into [0, N).
        let x = xDerivation.privateKey(salt: salt, credentialDigest: credentialDigest)
        let xNumber = BigNum(secret: x)
        let v = context.modExp(SRPGroup.generatorNumber(), xNumber, N)
        let base = context.modSub(B, context.modMul(BigNum(SRPGroup.multiplier), v, N), N)
        let ux = context.mul(uNumber, xNumber)
        ux.markSecret()
        let exponent = context.add(BigNum(secret: secret), ux)
        exponent.markSecret()
        var premasterBytes = context.modExp(base, exponent, N).minimalBytes
        let premaster = SecretBytes(consuming: &premasterBytes)

        let proofs = SRPTranscript.keyAndProofs(
            premasterSecret: premaster, username: username, salt: salt, clientPublicKey: publicKey,
            serverPublicKey: serverPublicKey)
        return Session(
            scramblingParameter: u, privateKey: x, premasterSecret: premaster,
            sessionKey: proofs.sessionKey, clientProof: proofs.clientProof, serverProof: proofs.serverProof
        )
    }
}
