extension Duration {
    /// The duration in seconds, for timings in events, reports and progress lines.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
