@preconcurrency import Crypto

/// How a security 2 session picks the AES-GCM IV of each message (docs/protocol.md §3.4).
public enum GCMIVMode: Sendable, Equatable, CustomStringConvertible {
    /// `sec_patch_ver` 1: a 12-byte nonce whose last 4 bytes are a big-endian counter,
    /// advanced after every successful encrypt or decrypt on either side.
    case counter
    /// `sec_patch_ver` absent or 0: one 16-byte nonce reused for every message.
    case staticIV

    /// The nonce length this mode implies, to cross-check what the device sent.
    public var nonceLength: Int { self == .counter ? 12 : 16 }

    /// Named in `-v` logs and mismatch notes, so a user can see which IV mode was used.
    public var description: String {
        self == .counter ? "counter IV (sec_patch_ver 1, 12-byte nonce)" : "static IV (sec_patch_ver 0, 16-byte nonce)"
    }
}

/// AES-256-GCM protection of a security 2 session: key K[0:32], 16-byte tag appended, no AAD.
/// Used identically by the client and the virtual device.
public struct GCMSessionCipher: Sendable {
    private let key: SymmetricKey
    private var nonce: [UInt8]
    /// Kept for logs and for the mismatch note when proto-ver disagreed with the nonce.
    public let mode: GCMIVMode

    /// Checks key and nonce sizes up front so a bad handshake fails here, not at the first message.
    public init(key: [UInt8], nonce: [UInt8], mode: GCMIVMode) throws {
        guard key.count == 32 else { throw CryptoFailure.badKeyLength(key.count) }
        guard nonce.count == mode.nonceLength else { throw CryptoFailure.badNonceLength(nonce.count) }
        self.key = SymmetricKey(data: key)
        self.nonce = nonce
        self.mode = mode
    }

    /// Returns ciphertext ‖ tag.
    public mutating func seal(_ plaintext: [UInt8]) throws -> [UInt8] {
        let box = try AES.GCM.seal(plaintext, using: key, nonce: try currentNonce())
        try advance()
        return Array(box.ciphertext) + Array(box.tag)
    }

    /// Opens ciphertext ‖ tag; a bad tag throws and does not advance the counter (as the device).
    public mutating func open(_ sealed: [UInt8]) throws -> [UInt8] {
        guard sealed.count >= 16 else { throw CryptoFailure.truncated(sealed.count) }
        let box = try AES.GCM.SealedBox(
            nonce: try currentNonce(),
            ciphertext: sealed.dropLast(16),
            tag: sealed.suffix(16)
        )
        let plaintext: [UInt8]
        do {
            plaintext = Array(try AES.GCM.open(box, using: key))
        } catch {
            throw CryptoFailure.authenticationFailed
        }
        try advance()
        return plaintext
    }

    private func currentNonce() throws -> AES.GCM.Nonce {
        if mode == .counter, nonce[8...].allSatisfy({ $0 == 0 }) { throw CryptoFailure.nonceCounterExhausted }
        return try AES.GCM.Nonce(data: nonce)
    }

    private mutating func advance() throws {
        guard mode == .counter else { return }
        for index in stride(from: 11, through: 8, by: -1) {
            nonce[index] &+= 1
            if nonce[index] != 0 { return }
        }
        // Wrapped to zero: the next operation refuses, as the device does.
    }
}
