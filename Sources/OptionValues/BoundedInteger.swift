import ArgumentParser

/// The integers a `BoundedInteger` option accepts, as a type (see `SecondsRange`).
public protocol IntegerRange {
    static var range: ClosedRange<Int> { get }
}

/// A count, a port or a version number from the command line, within `Bounds.range`: a value the
/// program would loop on (`--jobs 9223372036854775807`) or trap on is the parser's usage error for
/// that flag (exit 2), like a value that is no integer.
public struct BoundedInteger<Bounds: IntegerRange>: ExpressibleByArgument, Equatable, Sendable, CustomStringConvertible {
    public let value: Int

    public init?(argument: String) {
        guard let value = Int(argument), Bounds.range.contains(value) else { return nil }
        self.value = value
    }

    /// A default written in the source; outside the range is a programming error.
    public init(_ value: Int) {
        precondition(Bounds.range.contains(value), "\(value) is outside \(Bounds.range)")
        self.value = value
    }

    public var description: String { String(value) }
    public var defaultValueDescription: String { description }

    /// The range for help text and error messages: "(1 to 256)".
    public static var rangeText: String { "(\(Bounds.range.lowerBound) to \(Bounds.range.upperBound))" }
}
