/// Every random value the device draws, injectable so tests reproduce the fixtures byte for byte.
///
/// Each source is called once per use; `.system` draws from the operating system's CSPRNG.
public struct DeviceRandomness: Sendable {
    /// Security 1: the device's X25519 private key (32 bytes), drawn on each Command0.
    public var sec1PrivateKey: @Sendable () -> [UInt8]
    /// Security 1: `device_random` (16 bytes), the CTR initial counter block.
    public var sec1DeviceRandom: @Sendable () -> [UInt8]
    /// Security 2: the ephemeral secret b (32 bytes), drawn on each Command0.
    public var sec2Secret: @Sendable () -> [UInt8]
    /// Security 2: the random part of `device_nonce`: 8 bytes (counter mode, followed by counter 1)
    /// or 16 bytes (static IV); the argument is the length wanted.
    public var sec2NonceBytes: @Sendable (Int) -> [UInt8]
    /// HTTP: a new cookie session id (`esp_random()`, uniform 32-bit).
    public var sessionID: @Sendable () -> UInt32

    /// Defaults draw from the system CSPRNG; tests pass fixed bytes to reproduce the vectors.
    public init(
        sec1PrivateKey: @escaping @Sendable () -> [UInt8] = { systemRandomBytes(32) },
        sec1DeviceRandom: @escaping @Sendable () -> [UInt8] = { systemRandomBytes(16) },
        sec2Secret: @escaping @Sendable () -> [UInt8] = { systemRandomBytes(32) },
        sec2NonceBytes: @escaping @Sendable (Int) -> [UInt8] = { systemRandomBytes($0) },
        sessionID: @escaping @Sendable () -> UInt32 = { UInt32.random(in: .min ... .max) }
    ) {
        self.sec1PrivateKey = sec1PrivateKey
        self.sec1DeviceRandom = sec1DeviceRandom
        self.sec2Secret = sec2Secret
        self.sec2NonceBytes = sec2NonceBytes
        self.sessionID = sessionID
    }

    /// Operating-system randomness for everything.
    public static let system = DeviceRandomness()
}

/// `count` bytes from the system CSPRNG (`SystemRandomNumberGenerator` reads getrandom/urandom).
public func systemRandomBytes(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
}
