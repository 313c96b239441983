import COpenSSL

/// Small byte-string helpers shared by the client, the server and the verifier generator.
enum Bytes {
    /// Overwrites `bytes` with zeros in a way the optimiser cannot drop. Only wipes the caller's storage when
    /// the array is uniquely referenced, so call it on locals that were never shared.
    static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
    }

    /// Compares two byte strings without an early exit, so timing reveals only whether the lengths match.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.isEmpty { return true }
        return lhs.withUnsafeBytes { l in
            rhs.withUnsafeBytes { r in CRYPTO_memcmp(l.baseAddress, r.baseAddress, l.count) == 0 }
        }
    }

    /// The bytes with leading zeros removed, as Python's `long_to_bytes(bytes_to_long(b))` in esp_prov
    /// (which turns zero into a single 0x00 byte).
    static func stripLeadingZeros(_ bytes: [UInt8]) -> [UInt8] {
        let stripped = Array(bytes.drop(while: { $0 == 0 }))
        return stripped.isEmpty ? [0] : stripped
    }

    /// `count` bytes from the operating system's CSPRNG (`getrandom(2)` on Linux, what OpenSSL seeds
    /// itself from). Not `RAND_bytes`: its first call sets up OpenSSL's DRBG and providers, 1–3 ms of a
    /// client run that needs nothing else from it (BENCHMARKS.md).
    static func random(count: Int) throws -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: count)
        var index = 0
        while index < count {
            var word = generator.next()
            for _ in 0..<min(8, count - index) {
                bytes[index] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                index += 1
            }
            word = 0
        }
        return bytes
    }
}
