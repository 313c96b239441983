/// One advertising device the fake adapter can discover.
public struct FakePeripheral: Sendable {
    /// Advertised local name; nil for a device that advertises none.
    public var name: String?
    /// Bluetooth address, `AA:BB:CC:DD:EE:FF`.
    public var address: String
    /// Signal strength BlueZ reports, so tests can check the client picks the strongest of several.
    public var rssi: Int16
    /// The provisioning service's UUID (characteristic UUIDs derive from it, docs/protocol.md §4.2).
    public var serviceUUID: String
    /// Whether the advertisement lists the service UUID (and so `Device1.UUIDs` carries it).
    public var advertisesServiceUUID: Bool
    /// Whether characteristics carry 0x2901 descriptors naming the endpoints.
    public var userDescriptions: Bool
    /// Whether BlueZ already knows the device from an earlier session (object present before
    /// any scan, without RSSI).
    public var cached: Bool
    /// Whether the device is advertising (in range and not yet provisioned). A silent device is
    /// never seen by a scan and cannot be connected, though BlueZ may still list it when cached.
    public var advertising: Bool
    /// The GATT server behind the device; nil makes connections fail (not a protocomm device).
    public var backend: (any FakeGATTBackend)?

    /// Defaults describe a stock IDF example board, so a test states only what it varies.
    public init(
        name: String?, address: String, rssi: Int16 = -50,
        serviceUUID: String = "021a9004-0382-4aea-bff4-6b3f1c5adfb4", advertisesServiceUUID: Bool = true,
        userDescriptions: Bool = true, cached: Bool = false, advertising: Bool = true,
        backend: (any FakeGATTBackend)? = nil
    ) {
        self.name = name
        self.address = address
        self.rssi = rssi
        self.serviceUUID = serviceUUID
        self.advertisesServiceUUID = advertisesServiceUUID
        self.userDescriptions = userDescriptions
        self.cached = cached
        self.advertising = advertising
        self.backend = backend
    }
}

/// How the fake bluetoothd and the device's BLE stack behave.
public struct FakeBlueZOptions: Sendable {
    /// The two ESP-IDF BLE stacks differ in how they report a protocomm failure.
    public enum Stack: Sendable {
        /// ATT error `Invalid PDU` (0x04); the link stays up.
        case nimble
        /// ATT error 0x85 (`ESP_GATT_ERROR`), then the device disconnects.
        case bluedroid
    }

    /// Whether bluetoothd has an adapter (`/org/bluez/hci0`) at all.
    public var adapterPresent: Bool
    /// An unpowered adapter is the commonest real-world BLE failure; tests check its advice.
    public var adapterPowered: Bool
    /// Which ESP BLE stack's failure behaviour to reproduce.
    public var stack: Stack
    /// `…_BLE_FORCE_ENCRYPTION`: characteristic access fails with `NotPermitted: Not paired`
    /// until the device is paired.
    public var forceEncryption: Bool
    /// The device drops the link in the middle of the exchange that follows this many
    /// successful ones (the pending write gets its error only seconds later, like BlueZ's
    /// supervision timeout).
    public var disconnectAfterExchanges: Int?
    /// This many `Connect` calls fail before one succeeds, each with `failingConnectError`.
    public var failingConnects: Int
    /// Which of BlueZ's connect refusals those failures give, so tests cover each retry path.
    public var failingConnectError = ConnectError.abortByLocal

    /// How BlueZ refuses a `Connect` to a board that is busy advertising (its well-known flake).
    public enum ConnectError: Sendable {
        /// `org.bluez.Error.Failed: le-connection-abort-by-local`
        case abortByLocal
        /// `org.bluez.Error.InProgress: In Progress`
        case inProgress
    }
    /// Time from `StartDiscovery` to the first advertisements.
    public var advertisingDelay: Duration
    /// Time from `Connect`'s reply to `ServicesResolved`.
    public var serviceResolutionDelay: Duration
    /// Time from the virtual device stopping (provisioning done) to the link dropping.
    public var linkDropDelay: Duration
    /// How long a `Connect` made while a discovery session runs waits (the real one: ~9.4 s).
    public var connectDuringDiscoveryDelay: Duration = .seconds(2)
    /// Whether `Connected=true` is signalled after `Connect`. The real bluetoothd 5.66 does not (with
    /// btvirt), and bleak, so Espressif's esp_prov, then aborts; `make bench` turns it on so its BLE
    /// rows still compare both clients on the fake.
    public var signalsConnected = false
    /// How long a `Connect` to a device that is not advertising takes to fail (the real one: ~41 s).
    public var silentDeviceConnectDelay: Duration = .seconds(41)
    /// How long bluetoothd takes to answer a `Disconnect` (a wedged bluetoothd or controller), so
    /// tests see a client name the link it could not close in time.
    public var disconnectDelay: Duration = .zero
    /// How long a `Connect` to an advertising device takes (the real one: up to an advertising
    /// interval, longer while scanning). A `Disconnect` meanwhile cancels it, as bluetoothd's does.
    public var connectDelay: Duration = .zero

    /// Defaults are a healthy adapter and a NimBLE device, so a test states only the fault it injects.
    public init(
        adapterPresent: Bool = true, adapterPowered: Bool = true, stack: Stack = .nimble, forceEncryption: Bool = false,
        disconnectAfterExchanges: Int? = nil, failingConnects: Int = 0, advertisingDelay: Duration = .milliseconds(100),
        serviceResolutionDelay: Duration = .milliseconds(50), linkDropDelay: Duration = .seconds(1)
    ) {
        self.adapterPresent = adapterPresent
        self.adapterPowered = adapterPowered
        self.stack = stack
        self.forceEncryption = forceEncryption
        self.disconnectAfterExchanges = disconnectAfterExchanges
        self.failingConnects = failingConnects
        self.advertisingDelay = advertisingDelay
        self.serviceResolutionDelay = serviceResolutionDelay
        self.linkDropDelay = linkDropDelay
    }
}
