import COpenSSL

/// SHA-512, the only hash SRP-6a uses in security 2.
enum Hash {
    static let length = 64

    /// SHA-512 of the concatenation of `parts`. The concatenation is built in a scratch buffer that is wiped
    /// afterwards, because the parts are often secret (password, S, K).
    static func sha512(_ parts: [UInt8]...) -> [UInt8] {
        let total = parts.reduce(0) { $0 + $1.count }
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: max(total, 1), alignment: 1)
        defer {
            OPENSSL_cleanse(scratch.baseAddress, scratch.count)
            scratch.deallocate()
        }
        var offset = 0
        for part in parts {
            part.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(rebasing: scratch[offset ..< offset + source.count]).copyMemory(from: source)
            }
            offset += part.count
        }
        var digest = [UInt8](repeating: 0, count: length)
        digest.withUnsafeMutableBufferPointer { output in
            _ = SHA512(scratch.baseAddress!.assumingMemoryBound(to: UInt8.self), total, output.baseAddress)
        }
        return digest
    }
}
