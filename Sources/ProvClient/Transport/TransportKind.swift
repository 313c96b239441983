/// The medium of a transport: the one name for "which transport" that flags, QR payloads, batch
/// manifests and transports share. It also decides the few protocol details that depend on the medium.
public enum TransportKind: String, Sendable, CaseIterable {
    case http
    case ble
    case console

    /// Reads the words users write for a transport, on the command line, in a QR payload or in a
    /// manifest, so all three mean the same by the same word: `softap` and its esp_prov alias
    /// `httpd` are HTTP. Case does not matter.
    public init?(name: String) {
        switch name.lowercased() {
        case "softap", "httpd": self = .http
        case "ble": self = .ble
        case "console": self = .console
        default: return nil
        }
    }

    /// The word reports, payloads and manifests use: esp_prov's `softap` for HTTP.
    public var name: String { self == .http ? "softap" : rawValue }

    /// Scan results fetched per request: BLE characteristics hold ~500 bytes, HTTP bodies 4 KiB.
    public var scanPageSize: UInt32 { self == .http ? 100 : 4 }

    /// `group_channels` for ScanStart: SoftAP devices pause between channel groups so the
    /// client's link survives the scan (esp_prov: 5 over HTTP, 0 otherwise).
    public var scanGroupChannels: UInt32 { self == .http ? 5 : 0 }
}
