/// The client's answer to the device's challenge, plus what it needs to authenticate the device afterwards.
public struct SRPClientProof: Sendable {
    /// M1, 64 bytes, sent in `S2SessionCmd1.client_proof`.
    public let clientProof: [UInt8]
    /// K, 64 bytes; the AES-256-GCM key is its first 32 bytes.
    public let sessionKey: [UInt8]
    private let expectedServerProof: [UInt8]

    init(clientProof: [UInt8], sessionKey: [UInt8], expectedServerProof: [UInt8]) {
        self.clientProof = clientProof
        self.sessionKey = sessionKey
        self.expectedServerProof = expectedServerProof
    }

    /// Whether the device's M2 proves it holds the verifier; until it does, K must not be trusted.
    /// Compared in constant time.
    public func verifyServerProof(_ m2: [UInt8]) -> Bool {
        Bytes.constantTimeEqual(m2, expectedServerProof)
    }
}
