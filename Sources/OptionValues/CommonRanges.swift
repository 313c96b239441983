/// Ranges more than one command's options share.

/// Provisioning security schemes: 0, 1 and 2 (`--sec_ver`, `--security`).
public enum SecuritySchemes: IntegerRange {
    public static let range = 0...2
}

/// A TCP port to listen on or reach.
public enum PortNumber: IntegerRange {
    public static let range = 1...65_535
}

/// A Wi-Fi channel's frequency in MHz, 2.4 GHz to 60 GHz.
public enum RadioFrequency: IntegerRange {
    public static let range = 2_400...72_000
}
