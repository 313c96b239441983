import ProvClient

/// A BLE device seen during a scan, as the CLI lists it.
public struct DiscoveredDevice: Sendable, Hashable {
    /// Advertised name (BlueZ `Alias`, which falls back to `Name`); nil when none was received.
    public var name: String?
    /// Bluetooth address, `AA:BB:CC:DD:EE:FF`.
    public var address: String
    /// Signal strength of the last advertisement; nil for a device only known from BlueZ's cache.
    public var rssi: Int16?
    /// Service UUIDs from the advertisement, lower-case.
    public var serviceUUIDs: [String]
    /// BlueZ object path (`/org/bluez/hci0/dev_AA_BB_…`).
    public var objectPath: String

    public init(name: String?, address: String, rssi: Int16?, serviceUUIDs: [String], objectPath: String) {
        self.name = name
        self.address = address
        self.rssi = rssi
        self.serviceUUIDs = serviceUUIDs
        self.objectPath = objectPath
    }

    /// What to print: the name, or `Unknown` like esp_prov.
    public var displayName: String { name ?? "Unknown" }
}

/// The CLI's answer to a device list (`Select device by number (0 to rescan)`).
public enum DeviceChoice: Sendable, Equatable {
    case device(DiscoveredDevice)
    case rescan
}
