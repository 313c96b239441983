/// The public parameters of the security 2 group, for code that must build or check raw SRP values
/// outside this module (the virtual device's fault injection, fuzzers).
public enum SRPGroupParameters {
    /// N, big-endian, exactly 384 bytes.
    public static var prime: [UInt8] { SRPGroup.prime }
    /// |N| in bytes.
    public static var length: Int { SRPGroup.length }
}
