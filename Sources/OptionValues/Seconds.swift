import ArgumentParser

/// The seconds a `Seconds` option accepts, as a type: `init?(argument:)` learns which option it
/// reads from nothing else.
public protocol SecondsRange {
    static var range: ClosedRange<Double> { get }
}

/// A deadline: more than nothing, at most a day.
public enum Timeout: SecondsRange {
    public static let range = 0.001...86_400.0
}

/// A pause: none at all, up to a day.
public enum Delay: SecondsRange {
    public static let range = 0...86_400.0
}

/// A number of seconds from the command line. `Double(_:)` alone reads `inf`, `nan`, `0x10` and
/// `1e309` (infinity), and `Duration.seconds(_:)` traps on a value it cannot hold, so every seconds
/// option of every command reads through this type: plain decimal notation, finite, within
/// `Bounds.range`; anything else is the parser's usage error for that flag (exit 2).
public struct Seconds<Bounds: SecondsRange>: ExpressibleByArgument, Equatable, Sendable, CustomStringConvertible {
    public let value: Double

    public init?(argument: String) {
        guard !argument.isEmpty, argument.utf8.allSatisfy(isDecimalNotation),
              let value = Double(argument), Bounds.range.contains(value) else { return nil }
        self.value = value
    }

    /// A default written in the source; outside the range is a programming error.
    public init(_ value: Double) {
        precondition(Bounds.range.contains(value), "\(value) s is outside \(Bounds.range)")
        self.value = value
    }

    public var duration: Duration { .seconds(value) }

    /// As the parser shows a `Double` default (`60.0`), so help screens read as before.
    public var description: String { "\(value)" }
    public var defaultValueDescription: String { description }

    /// The range for help text and error messages: "(0.001 to 86400 s)".
    public static var rangeText: String { "(\(plain(Bounds.range.lowerBound)) to \(plain(Bounds.range.upperBound)) s)" }

    private static func plain(_ number: Double) -> String {
        number == number.rounded() ? String(Int(number)) : "\(number)"
    }
}

/// Whether `byte` belongs to plain decimal notation: digits, point, exponent, sign (`Double(_:)`
/// reads more: `inf`, `nan`, hexadecimal).
private func isDecimalNotation(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"):
        return true
    default:
        return false
    }
}
