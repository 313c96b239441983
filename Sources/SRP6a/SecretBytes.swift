import COpenSSL

/// Heap storage for key material that must outlive a call (the client's `a`, the credential digest) and is
/// wiped when released, so it does not linger in freed memory the way a Swift array's buffer would.
///
/// `@unchecked Sendable`: the contents are written once in `init` and never mutated afterwards.
final class SecretBytes: @unchecked Sendable {
    private let storage: UnsafeMutableRawBufferPointer

    /// Copies `bytes`, leaving the caller's array alone (it belongs to the caller).
    init(copying bytes: [UInt8]) {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        bytes.withUnsafeBytes { storage.copyMemory(from: $0) }
    }

    /// Takes over `bytes` and wipes the caller's array, which must therefore be a uniquely owned temporary.
    convenience init(consuming bytes: inout [UInt8]) {
        self.init(copying: bytes)
        Bytes.wipe(&bytes)
    }

    deinit {
        OPENSSL_cleanse(storage.baseAddress, storage.count)
        storage.deallocate()
    }

    var count: Int { storage.count }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(storage))
    }

    /// A copy of the secret as an array; meant for tests and for hashing into a wiped scratch buffer.
    var bytes: [UInt8] { Array(storage) }

    var first: UInt8? { storage.first }
}
