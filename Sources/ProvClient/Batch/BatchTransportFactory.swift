import NIOCore
import NIOPosix

/// Opens the link to one batch device, per transport. Transports are closures so a program can
/// plug in what it has (the BLE transport, a fake in tests) without the batch code knowing them;
/// a transport left nil fails its devices with a clear `unsupported` error, one device at a time.
///
/// The usual setup is `BatchTransportFactory(softap: BatchTransportFactory.http(), ble: BatchTransportFactory.bluez())`.
public struct BatchTransportFactory: Sendable {
    public typealias Open = @Sendable (BatchDevice) async throws -> any ProvTransport

    public var softap: Open?
    /// Runs under the batch's `AdapterLock`: it should discover and connect, nothing more.
    public var ble: Open?

    public init(softap: Open? = nil, ble: Open? = nil) {
        self.softap = softap
        self.ble = ble
    }

    /// HTTP (SoftAP) devices on one shared event loop group; connections open on first use.
    public static func http(
        requestTimeout: Duration = .seconds(30), group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) -> Open {
        let timeout = TimeAmount.nanoseconds(
            requestTimeout.components.seconds * 1_000_000_000 + requestTimeout.components.attoseconds / 1_000_000_000)
        return { device in
            HTTPTransport(
                options: HTTPTransportOptions(address: try ServiceAddress(parsing: device.service), requestTimeout: timeout),
                group: group)
        }
    }

    /// BLE devices through BlueZ, found by their advertised name (the manifest's `service_name`).
    public static func bluez(requestTimeout: Duration = .seconds(30), adapter: String? = nil) -> Open {
        { device in
            var options = BLETransportOptions(serviceName: device.service)
            options.adapter = adapter
            options.exchangeTimeout = requestTimeout
            return try await BLETransport.connect(options: options)
        }
    }

    /// Opens `device`'s transport; BLE opens take turns on `adapterLock`.
    public func open(_ device: BatchDevice, adapterLock: AdapterLock) async throws -> any ProvTransport {
        switch device.transport {
        case .softap:
            guard let softap else { throw ProvError.unsupported("this program cannot provision SoftAP devices in a batch") }
            return try await softap(device)
        case .ble:
            guard let ble else {
                throw ProvError.unsupported("BLE devices cannot be provisioned in a batch: this build has no BLE transport")
            }
            return try await adapterLock.withLock { try await ble(device) }
        }
    }
}
