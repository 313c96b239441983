@preconcurrency import Crypto
import _CryptoExtras

/// The single AES-256-CTR keystream a security 1 session runs on.
///
/// Both peers keep one stream for the whole session and both directions: verification tokens
/// take bytes 0…63, then every request and response consumes the next bytes in order, with no
/// re-alignment to block boundaries (docs/protocol.md §3.3). Encrypting and decrypting are the same
/// operation, so there is one `apply`.
public struct AESCTRStream: Sendable {
    private let key: SymmetricKey
    private var counter: [UInt8]
    private var block: [UInt8] = []
    private var used = 16

    /// - Parameters:
    ///   - key: 32 bytes.
    ///   - initialCounter: the 16-byte counter block; sec1 uses `device_random`.
    public init(key: [UInt8], initialCounter: [UInt8]) throws {
        guard key.count == 32 else { throw CryptoFailure.badKeyLength(key.count) }
        guard initialCounter.count == 16 else { throw CryptoFailure.badNonceLength(initialCounter.count) }
        self.key = SymmetricKey(data: key)
        self.counter = initialCounter
    }

    /// XORs `data` with the next `data.count` keystream bytes.
    public mutating func apply(_ data: [UInt8]) throws -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(data.count)
        for byte in data {
            if used == 16 { try refill() }
            out.append(byte ^ block[used])
            used += 1
        }
        return out
    }

    private mutating func refill() throws {
        block = counter
        try AES.permute(&block, key: key)
        used = 0
        // 128-bit big-endian increment.
        for index in stride(from: 15, through: 0, by: -1) {
            counter[index] &+= 1
            if counter[index] != 0 { break }
        }
    }
}
