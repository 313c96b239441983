/// An enrollee or AP PIN that passed WPS's checksum rule (docs/onboarding.md §3). A mistyped PIN is
/// caught here, before any daemon is told to wait two minutes for a device that will never match.
/// WPS also allows 4-digit PINs (for registrars that show a short PIN; no check digit), and
/// hostapd and wpa_supplicant take them (`wps_pin_str_valid`: 4 or 8 digits).
public struct WPSPin: Sendable, Equatable, CustomStringConvertible {
    /// The eight (or four) digits, separators removed: the form the daemons take.
    public let digits: String

    /// Accepts the digits with `-` or spaces between them (`1234-5670`, `1234 5670`), as printed
    /// on labels and by firmware.
    public init(parsing text: String) throws {
        let digits = text.filter { $0 != "-" && $0 != " " }
        guard !digits.isEmpty else { throw WPSPinError.empty }
        if let bad = digits.first(where: { !("0"..."9").contains($0) }) { throw WPSPinError.notADigit(bad) }
        guard digits.count == 8 || digits.count == 4 else { throw WPSPinError.wrongLength(digits.count) }
        let values = digits.compactMap(\.wholeNumberValue)
        guard digits.count == 4 || Self.checkDigit(of: values.prefix(7)) == values[7] else { throw WPSPinError.wrongChecksum }
        self.digits = digits
    }

    /// The last digit a PIN starting with these seven must have:
    /// `acc = 3·(d1+d3+d5+d7) + (d2+d4+d6)`, check digit `(10 − acc mod 10) mod 10`.
    public static func checkDigit(of seven: some Collection<Int>) -> Int {
        let weighted = seven.enumerated().reduce(0) { sum, item in sum + item.element * (item.offset.isMultiple(of: 2) ? 3 : 1) }
        return (10 - weighted % 10) % 10
    }

    /// The digits, as the daemons take them.
    public var description: String { digits }
}

/// Why a PIN was refused, each with a message that says how to fix it.
public enum WPSPinError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing was given.
    case empty
    /// Only digits (and `-`/space separators) are allowed.
    case notADigit(Character)
    /// A PIN has 8 digits (or 4, without a check digit).
    case wrongLength(Int)
    /// The last digit does not match the checksum: almost always a typo.
    case wrongChecksum

    /// Says which rule the PIN broke, without repeating it.
    public var description: String {
        switch self {
        case .empty: return "the WPS PIN is empty"
        case .notADigit(let character): return "a WPS PIN holds only digits ('-' and spaces allowed between them), not '\(character)'"
        case .wrongLength(let count): return "a WPS PIN has 8 digits (or 4, for a registrar that shows a short PIN), this one \(count)"
        case .wrongChecksum:
            return "the WPS PIN's checksum is wrong (its last digit does not match the first seven): a digit was mistyped"
        }
    }
}
