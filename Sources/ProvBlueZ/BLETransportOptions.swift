import ProvClient

/// How `BLETransport` finds and talks to a device.
public struct BLETransportOptions: Sendable {
    /// Adapter name (`hci0`); nil picks the first powered adapter.
    public var adapter: String?
    /// Exact advertised name (BlueZ `Name` or `Alias`) of the device to provision; nil lists
    /// devices and asks the chooser.
    public var serviceName: String?
    /// Only devices whose name starts with this are listed (`""` lists every named device).
    /// Ignored when `serviceName` is set.
    public var namePrefix: String
    /// How long one scan listens for advertisements.
    public var scanTimeout: Duration
    /// Deadline for `Device1.Connect` plus GATT service resolution (per attempt).
    public var connectTimeout: Duration
    /// Deadline for one request/response exchange (write + read). Generous because a blocking
    /// Wi-Fi scan holds the write for seconds (PROTOCOL.md §8 item 19).
    public var exchangeTimeout: Duration
    /// Deadline for pairing when the device forces link encryption.
    public var pairingTimeout: Duration
    /// Bus to use instead of the system bus (tests). nil: the system bus, honouring
    /// `DBUS_SYSTEM_BUS_ADDRESS`.
    public var busAddress: String?
    /// Receives progress lines for `--verbose`: endpoint names, sizes, UUIDs, object paths —
    /// never payloads, so never secrets.
    public var log: (@Sendable (String) -> Void)?

    public init(
        adapter: String? = nil, serviceName: String? = nil, namePrefix: String = "PROV_",
        scanTimeout: Duration = .seconds(5), connectTimeout: Duration = .seconds(20),
        exchangeTimeout: Duration = .seconds(30), pairingTimeout: Duration = .seconds(30),
        busAddress: String? = nil, log: (@Sendable (String) -> Void)? = nil
    ) {
        self.adapter = adapter
        self.serviceName = serviceName
        self.namePrefix = namePrefix
        self.scanTimeout = scanTimeout
        self.connectTimeout = connectTimeout
        self.exchangeTimeout = exchangeTimeout
        self.pairingTimeout = pairingTimeout
        self.busAddress = busAddress
        self.log = log
    }

    /// The options a `TransportSpec` stands for; the connect and pairing deadlines keep their defaults.
    public init(spec: TransportSpec, log: (@Sendable (String) -> Void)? = nil) {
        self.init(
            adapter: spec.adapter, serviceName: spec.service, namePrefix: spec.namePrefix, scanTimeout: spec.scanTimeout,
            exchangeTimeout: spec.requestTimeout, log: log)
    }

    func verbose(_ line: @autoclosure () -> String) {
        log?(line())
    }
}
