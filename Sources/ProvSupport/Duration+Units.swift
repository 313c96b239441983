extension Duration {
    /// The duration in seconds, for timings in events, reports and progress lines.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }

    /// Whole milliseconds (truncated), for APIs that take a millisecond count (D-Bus, poll).
    package var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Whole nanoseconds (truncated), for NIO's `TimeAmount`.
    package var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// A `poll(2)` timeout that waits out this remaining time: milliseconds rounded up (a remainder
    /// below 1 ms would otherwise be 0, a busy loop), clamped to `Int32`.
    package var pollMilliseconds: Int32 { Int32(clamping: milliseconds + 1) }
}
