/// The SRP-6a group security 2 uses: RFC 5054's 3072-bit group (the RFC 3526 group 15 prime) with g = 5,
/// and the values derived from it alone.
enum SRPGroup {
    /// |N| in bytes: the width of PAD() and of the client's public key on the wire.
    static let length = 384

    /// N, big-endian, exactly `length` bytes.
    static let prime: [UInt8] = decodeHex("""
        FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD\
        EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED\
        EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F\
        83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B\
        E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510\
        15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7\
        ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C\
        BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF
        """)

    static let generator: UInt = 5

    /// PAD(g).
    static let paddedGenerator: [UInt8] = [UInt8](repeating: 0, count: length - 1) + [UInt8(generator)]

    /// k = H(N ‖ PAD(g)).
    static let multiplier: [UInt8] = Hash.sha512(prime, paddedGenerator)

    /// H(N) XOR H(PAD(g)), the constant first block of M1.
    static let proofPrefix: [UInt8] = zip(Hash.sha512(prime), Hash.sha512(paddedGenerator)).map { $0 ^ $1 }

    static func primeNumber() -> BigNum { BigNum(prime) }

    static func generatorNumber() -> BigNum { BigNum(word: generator) }

    /// Left-pads a number's big-endian bytes to |N|, as PAD(); the caller guarantees it is at most |N| bytes.
    static func pad(_ bytes: [UInt8]) -> [UInt8] {
        precondition(bytes.count <= length, "PAD() of a value longer than N")
        return [UInt8](repeating: 0, count: length - bytes.count) + bytes
    }

    private static func decodeHex(_ hex: String) -> [UInt8] {
        let digits = hex.compactMap { $0.hexDigitValue }
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(digits[$0] << 4 | digits[$0 + 1]) }
    }
}
