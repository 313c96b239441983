/// The device side of the security 2 handshake, as protocomm runs it: on Command0 it draws b and derives B
/// and K at once; on Command1 it checks M1 and answers with M2. Used by the virtual device.
public struct SRPServer: Sendable {
    /// Length of the random secret b, as the device draws it (`mbedtls_mpi_fill_random`, 32 bytes).
    static let secretLength = 32

    /// B = (k·v + g^b) mod N in minimal big-endian form, as the device sends it (may be shorter than 384).
    public let publicKey: [UInt8]
    /// K, 64 bytes; the AES-256-GCM key is its first 32 bytes. Only trustworthy once M1 has been verified.
    public let sessionKey: [UInt8]
    private let expectedClientProof: [UInt8]
    private let serverProof: [UInt8]

    /// Throws when A is not exactly 384 bytes, A ≡ 0 mod N or u = 0, as ESP-IDF's device code does.
    /// - Parameter secret: the ephemeral b as big-endian bytes; only tests should pass it. By default 32
    ///   random bytes.
    public init(
        username: [UInt8], salt: [UInt8], verifier: [UInt8], clientPublicKey: [UInt8], secret: [UInt8]? = nil
    ) throws {
        let session = try Self.deriveSession(
            username: username, salt: salt, verifier: verifier, clientPublicKey: clientPublicKey, secret: secret
        )
        publicKey = session.publicKey
        sessionKey = session.sessionKey
        expectedClientProof = session.clientProof
        serverProof = session.serverProof
    }

    /// Returns M2 when M1 is right, nil otherwise (wrong username or password). Compared in constant time.
    public func verifyClientProof(_ m1: [UInt8]) -> [UInt8]? {
        Bytes.constantTimeEqual(m1, expectedClientProof) ? serverProof : nil
    }

    /// Every value the device derives in one exchange; `init` keeps only what the session needs.
    struct Session {
        let publicKey: [UInt8]
        let scramblingParameter: [UInt8]
        let premasterSecret: SecretBytes
        let sessionKey: [UInt8]
        let clientProof: [UInt8]
        let serverProof: [UInt8]
    }

    static func deriveSession(
        username: [UInt8], salt: [UInt8], verifier: [UInt8], clientPublicKey: [UInt8], secret: [UInt8]?
    ) throws -> Session {
        guard clientPublicKey.count == SRPGroup.length else { throw SRPError.invalidLength("client public key") }
        guard !verifier.isEmpty, verifier.count <= SRPGroup.length else { throw SRPError.invalidLength("verifier") }
        let context = BigNumContext()
        let N = SRPGroup.primeNumber()
        let A = BigNum(clientPublicKey)
        guard !context.mod(A, N).isZero else { throw SRPError.invalidClientPublicKey }

        let b: SecretBytes
        if let secret {
            guard !secret.isEmpty else { throw SRPError.invalidLength("server secret") }
            b = SecretBytes(copying: secret)
        } else {
            var random = try Bytes.random(count: secretLength)
            b = SecretBytes(consuming: &random)
        }
        let bNumber = BigNum(secret: b)
        let v = BigNum(verifier)
        v.markSecret()

        let kv = context.modMul(BigNum(SRPGroup.multiplier), v, N)
        let B = context.modAdd(kv, context.modExp(SRPGroup.generatorNumber(), bNumber, N), N).minimalBytes

        let u = SRPTranscript.scramblingParameter(clientPublicKey: clientPublicKey, serverPublicKey: B)
        let uNumber = BigNum(u)
        guard !uNumber.isZero else { throw SRPError.zeroScramblingParameter }

        // S = (A · v^u)^b mod N.
        let base = context.modMul(A, context.modExp(v, uNumber, N), N)
        var premasterBytes = context.modExp(base, bNumber, N).minimalBytes
        let premaster = SecretBytes(consuming: &premasterBytes)

        let proofs = SRPTranscript.keyAndProofs(
            premasterSecret: premaster, username: username, salt: salt, clientPublicKey: clientPublicKey, serverPublicKey: B)
        return Session(
            publicKey: B, scramblingParameter: u, premasterSecret: premaster,
            sessionKey: proofs.sessionKey, clientProof: proofs.clientProof, serverProof: proofs.serverProof
        )
    }
}
