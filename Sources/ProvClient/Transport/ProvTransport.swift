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
