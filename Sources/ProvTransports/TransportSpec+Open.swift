import NIOCore
import NIOPosix
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
    ///   - sharedEventLoop: HTTP links of a batch share one event loop instead of one thread each.
    public func open(
        log: @escaping @Sendable (String) -> Void = { _ in },
        chooseDevice: (@Sendable ([DiscoveredDevice]) async throws -> DeviceChoice)? = nil,
        sharedEventLoop: Bool = false
    ) async throws -> any ProvTransport {
        switch kind {
        case .http:
            let group: EventLoopGroup? = sharedEventLoop ? MultiThreadedEventLoopGroup.singleton : nil
            return HTTPTransport(
                options: HTTPTransportOptions(address: try ServiceAddress(parsing: service), requestTimeout: requestTimeout),
                group: group, log: log)
        case .ble:
            return try await BLETransport.connect(options: BLETransportOptions(spec: self, log: log), chooser: chooseDevice)
        case .console:
            return ConsoleTransport()
        }
    }
}
