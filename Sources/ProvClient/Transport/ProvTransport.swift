/// The family of a transport, which decides the few protocol details that depend on the medium.
public enum TransportKind: String, Sendable {
    case http
    case ble
    case console

    /// Scan results fetched per request: BLE characteristics hold ~500 bytes, HTTP bodies 4 KiB.
    public var scanPageSize: UInt32 { self == .http ? 100 : 4 }

    /// `group_channels` for ScanStart: SoftAP devices pause between channel groups so the
    /// client's link survives the scan (esp_prov: 5 over HTTP, 0 otherwise).
    public var scanGroupChannels: UInt32 { self == .http ? 5 : 0 }
}

/// Carries opaque request/response bytes to named endpoints. Knows nothing of protobuf or crypto.
///
/// Exactly one response per request; a failure the device signals by closing the link or with a
/// transport error is thrown as a `ProvError` (`.closedWithoutResponse`, `.endpointNotFound`,
/// `.transport`, `.timeout`).
public protocol ProvTransport: AnyObject, Sendable {
    var kind: TransportKind { get }

    /// Endpoint names the transport discovered (BLE descriptors), or nil when it cannot know (HTTP).
    var knownEndpoints: [String]? { get async }

    /// Sends `request` to `endpoint` and returns the device's response.
    func exchange(_ endpoint: String, _ request: [UInt8]) async throws -> [UInt8]

    /// Releases the link. Safe to call more than once.
    func close() async
}
