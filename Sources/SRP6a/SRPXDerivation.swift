/// How the private key x = H(s ‖ H(I ‖ ":" ‖ p)) is hashed. The two variants disagree for about 1 in 256
/// credentials, so a verifier only works with clients that use the variant it was generated with.
public enum SRPXDerivation: Sendable {
    /// Salt and the full 64-byte inner digest exactly as they are: ESP-IDF's `esp_srp_gen_salt_verifier()`,
    /// the device code and the phone apps. The right default for verifiers made by anything but esp_prov.
    case fullDigest
    /// Leading zero bytes stripped from the salt and from the inner digest first, as esp_prov's
    /// `srp6a.py` does through its int round trip. Needed for verifiers made by `esp_prov --sec2_gen_cred`
    /// when H(I ‖ ":" ‖ p) starts with 0x00.
    case espProvStripped
}

extension SRPXDerivation {
    /// H(I ‖ ":" ‖ p), the password-equivalent part of x; kept as a wiped-on-release secret.
    static func credentialDigest(username: [UInt8], password: [UInt8]) -> SecretBytes {
        var digest = Hash.sha512(username, [UInt8(ascii: ":")], password)
        return SecretBytes(consuming: &digest)
    }

    /// x = H(s ‖ H(I ‖ ":" ‖ p)), the exponent of the verifier, hashed according to this variant.
    func privateKey(salt: [UInt8], credentialDigest: SecretBytes) -> SecretBytes {
        var inner = credentialDigest.bytes
        defer { Bytes.wipe(&inner) }
        var x: [UInt8]
        switch self {
        case .fullDigest:
            x = Hash.sha512(salt, inner)
        case .espProvStripped:
            var strippedInner = Bytes.stripLeadingZeros(inner)
            defer { Bytes.wipe(&strippedInner) }
            x = Hash.sha512(Bytes.stripLeadingZeros(salt), strippedInner)
        }
        return SecretBytes(consuming: &x)
    }
}
