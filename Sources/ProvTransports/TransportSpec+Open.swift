import ProvBlueZ
import ProvClient
import ProvConsoleTransport
import ProvHTTP

extension TransportSpec {
    /// Opens the link this spec describes. The one place that knows every backend, so the CLI, a
    /// QR payload and a batch open devices the same way; a program that links only ProvHTTP
    /// builds `HTTPTransport` itself and never loads the BlueZ code.
    ///
    /// - Parameters:
    ///   - log: protocol details for `--verbose` (never payloads, so never secrets).
    ///   - chooseDevice: BLE without a service name: picks from each scan's list (nil: a usage error).
    public func open(
        log: @escaping @Sendable (String) -> Void = { _ in },
        chooseDevice: (@Sendable ([DiscoveredDevice]) async throws -> DeviceChoice)? = nil
    ) async throws -> any ProvTransport {
        switch kind {
        case .http:
            return HTTPTransport(
                options: HTTPTransportOptions(address: try ServiceAddress(parsing: service), requestTimeout: requestTimeout),
                log: log)
        case .ble:
            return try await BLETransport.connect(options: BLETransportOptions(spec: self, log: log), chooser: chooseDevice)
        case .console:
            return ConsoleTransport()
        }
    }
}
