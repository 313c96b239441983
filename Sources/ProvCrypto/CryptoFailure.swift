/// Why a symmetric operation could not be done. Callers turn these into user-facing errors.
public enum CryptoFailure: Error, Equatable, Sendable {
    /// A key of the wrong size (a bug, or a device sending a short key) is an error, not a trap.
    case badKeyLength(Int)
    /// A sec2 nonce neither 12 nor 16 bytes: the device and we disagree about the IV mode.
    case badNonceLength(Int)
    /// Ciphertext shorter than the GCM tag: a truncated message from the peer.
    case truncated(Int)
    /// The GCM tag did not verify: wrong key, wrong IV mode, or a corrupted message.
    case authenticationFailed
    /// The 32-bit GCM counter wrapped: the session must be set up again.
    case nonceCounterExhausted
}
