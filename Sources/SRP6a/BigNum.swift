import COpenSSL

/// Owns one OpenSSL BIGNUM and frees it (after clearing it) when the wrapper goes away, so no error path
/// can leak a number or leave a secret in freed memory.
///
/// OpenSSL only fails these operations when it cannot allocate memory; like Swift's own allocations, that is
/// treated as fatal rather than surfaced as an error on every arithmetic step.
final class BigNum {
    let raw: OpaquePointer

    init() {
        guard let raw = BN_new() else { fatalError("BN_new: out of memory") }
        self.raw = raw
    }

    /// The unsigned big-endian integer `bytes` (any length; leading zeros are allowed).
    convenience init(_ bytes: [UInt8]) {
        self.init()
        bytes.withUnsafeBufferPointer { buffer in
            check(BN_bin2bn(buffer.baseAddress, Int32(buffer.count), raw) != nil, "BN_bin2bn")
        }
    }

    /// A secret unsigned big-endian integer, flagged so OpenSSL picks constant-time code paths for it.
    convenience init(secret: SecretBytes) {
        self.init()
        secret.withUnsafeBytes { buffer in
            check(
                BN_bin2bn(buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(buffer.count), raw) != nil,
                "BN_bin2bn"
            )
        }
        markSecret()
    }

    convenience init(word: UInt) {
        self.init()
        check(BN_set_word(raw, word) == 1, "BN_set_word")
    }

    deinit {
        BN_clear_free(raw)
    }

    /// Makes OpenSSL treat this number as secret (constant-time exponentiation, division and inversion).
    func markSecret() {
        BN_set_flags(raw, BN_FLG_CONSTTIME)
    }

    var isZero: Bool { BN_is_zero(raw) == 1 }

    /// Minimal big-endian encoding (no leading zeros; zero encodes as no bytes), as SRP's `bytes(X)`.
    var minimalBytes: [UInt8] {
        var bytes = [UInt8](repeating: 0, count: (Int(BN_num_bits(raw)) + 7) / 8)
        bytes.withUnsafeMutableBufferPointer { _ = BN_bn2bin(raw, $0.baseAddress) }
        return bytes
    }

    /// Big-endian encoding left-padded with zeros to `length` bytes, as SRP's `PAD(X)`.
    func paddedBytes(length: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: length)
        let written = bytes.withUnsafeMutableBufferPointer { BN_bn2binpad(raw, $0.baseAddress, Int32(length)) }
        check(written == Int32(length), "BN_bn2binpad: number longer than \(length) bytes")
        return bytes
    }
}

/// Scratch space for OpenSSL's big-number arithmetic, freed with its owner. Allocated with
/// `BN_CTX_secure_new` so OpenSSL clears the temporaries (which hold secret intermediates) when it frees them.
final class BigNumContext {
    let raw: OpaquePointer

    init() {
        guard let raw = BN_CTX_secure_new() else { fatalError("BN_CTX_secure_new: out of memory") }
        self.raw = raw
    }

    deinit {
        BN_CTX_free(raw)
    }

    /// `base ^ exponent mod modulus` with OpenSSL's constant-time Montgomery exponentiation (fixed window,
    /// cache-safe table lookups; the modulus must be odd, as N is). Used for every exponentiation, secret
    /// exponent or not, so no caller can pick the leaky variant by mistake.
    func modExp(_ base: BigNum, _ exponent: BigNum, _ modulus: BigNum) -> BigNum {
        let result = BigNum()
        result.markSecret()
        check(BN_mod_exp_mont_consttime(result.raw, base.raw, exponent.raw, modulus.raw, raw, nil) == 1, "BN_mod_exp_mont_consttime")
        return result
    }

    /// `lhs · rhs mod modulus`.
    func modMul(_ lhs: BigNum, _ rhs: BigNum, _ modulus: BigNum) -> BigNum {
        let result = BigNum()
        check(BN_mod_mul(result.raw, lhs.raw, rhs.raw, modulus.raw, raw) == 1, "BN_mod_mul")
        return result
    }

    /// `(lhs + rhs) mod modulus`, in [0, modulus).
    func modAdd(_ lhs: BigNum, _ rhs: BigNum, _ modulus: BigNum) -> BigNum {
        let result = BigNum()
        check(BN_mod_add(result.raw, lhs.raw, rhs.raw, modulus.raw, raw) == 1, "BN_mod_add")
        return result
    }

    /// `(lhs − rhs) mod modulus`, in [0, modulus) even when lhs < rhs.
    func modSub(_ lhs: BigNum, _ rhs: BigNum, _ modulus: BigNum) -> BigNum {
        let result = BigNum()
        check(BN_mod_sub(result.raw, lhs.raw, rhs.raw, modulus.raw, raw) == 1, "BN_mod_sub")
        return result
    }

    /// `value mod modulus`, in [0, modulus).
    func mod(_ value: BigNum, _ modulus: BigNum) -> BigNum {
        let result = BigNum()
        check(BN_nnmod(result.raw, value.raw, modulus.raw, raw) == 1, "BN_nnmod")
        return result
    }

    /// The plain (non-modular) product, e.g. u·x in the client's exponent.
    func mul(_ lhs: BigNum, _ rhs: BigNum) -> BigNum {
        let result = BigNum()
        check(BN_mul(result.raw, lhs.raw, rhs.raw, raw) == 1, "BN_mul")
        return result
    }

    /// The plain (non-modular) sum, e.g. a + u·x in the client's exponent.
    func add(_ lhs: BigNum, _ rhs: BigNum) -> BigNum {
        let result = BigNum()
        check(BN_add(result.raw, lhs.raw, rhs.raw) == 1, "BN_add")
        return result
    }
}

/// Stops on an OpenSSL arithmetic failure, which only happens when memory runs out.
private func check(_ condition: Bool, _ operation: @autoclosure () -> String) {
    if !condition { fatalError("OpenSSL \(operation()) failed") }
}
