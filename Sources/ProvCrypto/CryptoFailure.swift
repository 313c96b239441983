/// Why a symmetric operation could not be done. Callers turn these into user-facing errors.
public enum CryptoFailure: Error, Equatable, Sendable {
    case badKeyLength(Int)
    case badNonceLength(Int)
    case truncated(Int)
    /// The GCM tag did not verify: wrong key, wrong IV mode, or a corrupted message.
    case authenticationFailed
    /// The 32-bit GCM counter wrapped: the session must be set up again.
    case nonceCounterExhausted
}
