import ProvClient

/// Opens the link to one batch device, per medium. The closures are the seam where a program plugs
/// in what it has (`TransportSpec.open()`, or a fake in tests) without the batch code linking any
/// backend; a medium left nil fails its devices with a clear `unsupported` error, one device at a time.
///
/// The usual setup is `BatchTransportFactory(requestTimeout: ..., open: { try await $0.open() })`.
public struct BatchTransportFactory: Sendable {
    /// Opens one device's link.
    public typealias Open = @Sendable (BatchDevice) async throws -> any ProvTransport

    /// Opens HTTP (SoftAP) devices.
    public var softap: Open?
    /// Runs under the batch's `AdapterLock`: it should discover and connect, nothing more.
    public var ble: Open?

    /// One opener per medium, for tests and programs that treat them differently.
    public init(softap: Open? = nil, ble: Open? = nil) {
        self.softap = softap
        self.ble = ble
    }

    /// Every medium through one opener of transport specs, each device's spec built with `requestTimeout`.
    public init(requestTimeout: Duration, open: @escaping @Sendable (TransportSpec) async throws -> any ProvTransport) {
        let opening: Open = { device in try await open(device.transportSpec(requestTimeout: requestTimeout)) }
        self.init(softap: opening, ble: opening)
    }

    /// Opens `device`'s transport; BLE opens take turns on `adapterLock`.
    public func open(_ device: BatchDevice, adapterLock: AdapterLock) async throws -> any ProvTransport {
        switch device.transport {
        case .http, .console:
            guard let softap else { throw ProvError.unsupported(Unsupported(.batchTransport(device.transport))) }
            return try await softap(device)
        case .ble:
            guard let ble else { throw ProvError.unsupported(Unsupported(.batchTransport(.ble))) }
            return try await adapterLock.withLock { try await ble(device) }
        }
    }
}
