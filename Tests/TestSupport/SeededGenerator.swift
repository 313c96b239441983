import Foundation

/// A small deterministic generator (SplitMix64) so property-test failures can be replayed: the seed comes
/// from `SRP_TEST_SEED` when set and is printed in every failure message.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public static func fromEnvironment(default seed: UInt64) -> (generator: SeededGenerator, seed: UInt64) {
        let chosen = ProcessInfo.processInfo.environment["SRP_TEST_SEED"].flatMap { UInt64($0) } ?? seed
        return (SeededGenerator(seed: chosen), chosen)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func bytes(_ count: Int) -> [UInt8] {
        (0 ..< count).map { _ in UInt8.random(in: .min ... .max, using: &self) }
    }

    /// Printable ASCII, as usernames and passwords are in practice (esp_prov sends latin-1, hashes UTF-8).
    public mutating func ascii(_ lengths: ClosedRange<Int>) -> [UInt8] {
        let count = Int.random(in: lengths, using: &self)
        return (0 ..< count).map { _ in UInt8.random(in: 0x21 ... 0x7e, using: &self) }
    }
}
