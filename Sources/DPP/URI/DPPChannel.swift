/// One `C:` entry, `<operating class>/<channel>`: where the enrollee listens. Kept with its
/// frequency so a failure can say "channel 81/1 (2412 MHz)" rather than a bare number.
public struct DPPChannel: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The IEEE 802.11 global operating class (81: 2.4 GHz, 115–130: 5 GHz).
    public var operatingClass: Int
    /// The channel number within that class.
    public var channel: Int

    /// A channel by class and number; not range-checked (parsing checks).
    public init(operatingClass: Int, channel: Int) {
        self.operatingClass = operatingClass
        self.channel = channel
    }

    /// Parses `81/1`; nil when either part is not a number 0–255.
    public init?(parsing text: Substring) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let opclass = Self.byte(parts[0]), let channel = Self.byte(parts[1]) else { return nil }
        self.init(operatingClass: opclass, channel: channel)
    }

    /// The centre frequency in MHz for the global operating classes DPP uses (IEEE 802.11 Annex E),
    /// nil for classes this table does not know.
    public var frequency: Int? {
        switch operatingClass {
        case 81 where (1...13).contains(channel): return 2407 + 5 * channel
        case 82 where channel == 14: return 2484
        case 115...130: return 5000 + 5 * channel
        case 131...137: return 5950 + 5 * channel
        case 180: return 56160 + 2160 * channel
        default: return nil
        }
    }

    /// `81/1`, the URI's own notation.
    public var description: String { "\(operatingClass)/\(channel)" }

    /// "81/1 (2412 MHz)", for messages.
    public var spoken: String { frequency.map { "\(description) (\($0) MHz)" } ?? description }

    private static func byte(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 3, text.allSatisfy(\.isASCIIDigit), let value = Int(text), value <= 255 else { return nil }
        return value
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIIHexDigit: Bool { isASCII && isHexDigit }
}
