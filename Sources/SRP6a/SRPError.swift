/// Why an SRP-6a exchange was refused. Every case is a protocol failure the peer caused (or a broken RNG);
/// none of them carries secret material.
public enum SRPError: Error, Equatable, Sendable {
    /// The device's B is ≡ 0 mod N: accepting it would let the device force a known session key.
    case invalidServerPublicKey
    /// The client's A is ≡ 0 mod N: accepting it would let the client skip knowing the password.
    case invalidClientPublicKey
    /// u = H(PAD(A) ‖ PAD(B)) is zero, which would remove the verifier from the session key.
    case zeroScramblingParameter
    /// An input has a length the protocol does not allow; the associated value names the input.
    case invalidLength(String)
    /// OpenSSL's random generator failed, so no secret could be drawn.
    case randomFailure
}
