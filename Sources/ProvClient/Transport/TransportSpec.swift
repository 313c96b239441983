/// Which device to reach, over which medium, with which deadlines. `--transport`/`--service_name`,
/// a QR payload and a batch manifest entry all become this one value, so the link is opened in one
/// place (`TransportSpec.open()`, in ProvTransports) whoever asked for it.
public struct TransportSpec: Sendable, Equatable, CustomStringConvertible {
    /// The medium, which also decides the protocol details that depend on it (scan page size).
    public var kind: TransportKind
    /// HTTP: `host[:port]` (nil: the SoftAP default, 192.168.4.1:80). BLE: the exact advertised
    /// name (nil: discover and let the chooser pick). Console: unused.
    public var service: String?
    /// Deadline for each request/response exchange; generous, because a blocking Wi-Fi scan holds
    /// its reply for seconds.
    public var requestTimeout: Duration
    /// BLE: the adapter (`hci0`); nil picks the first powered one.
    public var adapter: String?
    /// BLE without a service name: only devices whose name starts with this are listed.
    public var namePrefix: String
    /// BLE: how long one scan listens for advertisements.
    public var scanTimeout: Duration

    /// Every field but the medium has the default esp_prov uses.
    public init(
        kind: TransportKind, service: String? = nil, requestTimeout: Duration = .seconds(30), adapter: String? = nil,
        namePrefix: String = "PROV_", scanTimeout: Duration = .seconds(5)
    ) {
        self.kind = kind
        self.service = service
        self.requestTimeout = requestTimeout
        self.adapter = adapter
        self.namePrefix = namePrefix
        self.scanTimeout = scanTimeout
    }

    /// `softap 192.168.4.1:80`, `ble PROV_1234`: names the device in logs and reports (no secrets here).
    public var description: String { service.map { "\(kind.name) \($0)" } ?? kind.name }
}
