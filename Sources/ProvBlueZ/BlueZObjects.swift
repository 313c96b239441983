import ProvClient
import DBus
import Foundation

/// Typed view of bluetoothd's object tree (`GetManagedObjects`).
///
/// Objects whose properties have unexpected types are skipped rather than trusted: the tree
/// comes from another process and must never crash the client.
struct BlueZObjects {
    struct Adapter: Equatable {
        var path: String
        var name: String { path.split(separator: "/").last.map(String.init) ?? path }
        var powered: Bool
    }

    struct GATTService: Equatable {
        var path: String
        var uuid: String
    }

    struct GATTCharacteristic: Equatable {
        var path: String
        var uuid: String
        var handle: UInt16?
    }

    struct GATTDescriptor: Equatable {
        var path: String
        var uuid: String
        var cachedValue: [UInt8]?
    }

    let objects: DBusManagedObjects

    init(_ objects: DBusManagedObjects) {
        self.objects = objects
    }

    var adapters: [Adapter] {
        objects.compactMap { path, interfaces in
            guard let properties = interfaces[BlueZ.adapterInterface] else { return nil }
            return Adapter(path: path, powered: (try? properties["Powered"]?.bool()) ?? false)
        }.sorted { $0.path < $1.path }
    }

    /// Devices under `adapterPath`.
    func devices(on adapterPath: String) -> [String: DBusProperties] {
        objects.reduce(into: [:]) { result, object in
            guard let properties = object.value[BlueZ.deviceInterface] else { return }
            if let adapter = try? properties["Adapter"]?.objectPath(), adapter != adapterPath { return }
            guard object.key.hasPrefix(adapterPath + "/") else { return }
            result[object.key] = properties
        }
    }

    func services(of devicePath: String) -> [GATTService] {
        objects.compactMap { path, interfaces in
            guard let properties = interfaces[BlueZ.gattServiceInterface],
                  (try? properties["Device"]?.objectPath()) == devicePath,
                  let uuid = try? properties["UUID"]?.string() else { return nil }
            return GATTService(path: path, uuid: uuid.lowercased())
        }.sorted { $0.path < $1.path }
    }

    /// Characteristics of a service, in handle order (BlueZ names paths by handle as a fallback).
    func characteristics(of servicePath: String) -> [GATTCharacteristic] {
        objects.compactMap { path, interfaces in
            guard let properties = interfaces[BlueZ.gattCharacteristicInterface],
                  (try? properties["Service"]?.objectPath()) == servicePath,
                  let uuid = try? properties["UUID"]?.string() else { return nil }
            return GATTCharacteristic(path: path, uuid: uuid.lowercased(), handle: try? properties["Handle"]?.uint16())
        }.sorted { ($0.handle ?? 0, $0.path) < ($1.handle ?? 0, $1.path) }
    }

    func descriptors(of characteristicPath: String) -> [GATTDescriptor] {
        objects.compactMap { path, interfaces in
            guard let properties = interfaces[BlueZ.gattDescriptorInterface],
                  (try? properties["Characteristic"]?.objectPath()) == characteristicPath,
                  let uuid = try? properties["UUID"]?.string() else { return nil }
            return GATTDescriptor(path: path, uuid: uuid.lowercased(), cachedValue: try? properties["Value"]?.bytes())
        }.sorted { $0.path < $1.path }
    }
}

extension DiscoveredDevice {
    /// Builds a device from (merged) `Device1` properties; nil when the address is missing.
    ///
    /// The name is `Name`, else a user-set `Alias` (BlueZ's default alias for a nameless device
    /// is its address with dashes, which is not a name).
    init?(path: String, properties: DBusProperties) {
        guard let address = try? properties["Address"]?.string() else { return nil }
        let alias = (try? properties["Alias"]?.string()).flatMap {
            $0.replacingOccurrences(of: "-", with: ":").uppercased() == address.uppercased() ? nil : $0
        }
        self.init(
            name: (try? properties["Name"]?.string()) ?? alias, address: address,
            rssi: try? properties["RSSI"]?.int16(),
            serviceUUIDs: ((try? properties["UUIDs"]?.stringArray()) ?? []).map { $0.lowercased() },
            objectPath: path)
    }

    /// Whether `Name` or `Alias` equals `name` exactly (esp_prov's `--service_name` rule).
    static func properties(_ properties: DBusProperties, haveName name: String) -> Bool {
        (try? properties["Name"]?.string()) == name || (try? properties["Alias"]?.string()) == name
    }
}
