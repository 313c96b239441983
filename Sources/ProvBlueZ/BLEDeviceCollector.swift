import ProvClient
import DBus
import Foundation
import Synchronization

/// Accumulates what one scan learns about devices from the object snapshot and the signals
/// that follow it.
///
/// A device counts as *seen* when an advertisement arrived during this scan (its object was
/// added, or its RSSI/name/advertised data changed) or when BlueZ still reports an RSSI for it.
/// Objects BlueZ merely remembers from earlier (no RSSI) are kept as a last resort only.
final class BLEDeviceCollector: Sendable {
    enum Goal: Sendable {
        case everything
        case name(String)
        case address(String)
    }

    private struct Record {
        var properties: DBusProperties
        var seen: Bool
        var order: Int
    }

    /// The devices by object path, and how many were added (their `order`), behind one lock.
    private struct Records {
        var byPath: [String: Record] = [:]
        var counter = 0

        mutating func merge(_ path: String, _ properties: DBusProperties, seen: Bool) {
            if var record = byPath[path] {
                record.properties.merge(properties) { _, new in new }
                record.seen = record.seen || seen
                byPath[path] = record
            } else {
                counter += 1
                byPath[path] = Record(properties: properties, seen: seen, order: counter)
            }
        }
    }

    private let adapterPath: String
    private let goal: Goal
    private let records = Mutex(Records())

    init(adapterPath: String, goal: Goal) {
        self.adapterPath = adapterPath
        self.goal = goal
    }

    private static let advertisementProperties: Set<String> = [
        "RSSI", "Name", "Alias", "UUIDs", "ManufacturerData", "ServiceData", "TxPower", "AdvertisingData",
    ]

    private func isDevicePath(_ path: String) -> Bool {
        path.hasPrefix(adapterPath + "/") && !path.dropFirst(adapterPath.count + 1).contains("/")
    }

    /// Seeds from `GetManagedObjects`.
    func seed(_ devices: [String: DBusProperties]) {
        records.withLock { records in
            for (path, properties) in devices.sorted(by: { $0.key < $1.key }) {
                records.merge(path, properties, seen: properties["RSSI"] != nil)
            }
        }
    }

    /// Applies one signal from bluetoothd.
    func apply(_ signal: DBusSignal) {
        switch signal.member {
        case "InterfacesAdded":
            guard let added = try? DBusObjectManager.interfacesAdded(signal.arguments), isDevicePath(added.path),
                  let properties = added.interfaces[BlueZ.deviceInterface] else { return }
            records.withLock { $0.merge(added.path, properties, seen: true) }
        case "InterfacesRemoved":
            guard let removed = try? DBusObjectManager.interfacesRemoved(signal.arguments),
                  removed.interfaces.contains(BlueZ.deviceInterface) else { return }
            _ = records.withLock { $0.byPath.removeValue(forKey: removed.path) }
        case "PropertiesChanged":
            guard isDevicePath(signal.path), let change = try? DBusObjectManager.propertiesChanged(signal.arguments),
                  change.interface == BlueZ.deviceInterface else { return }
            let advertised = !Self.advertisementProperties.isDisjoint(with: change.changed.keys)
            records.withLock { records in
                records.merge(signal.path, change.changed, seen: advertised)
                for name in change.invalidated { records.byPath[signal.path]?.properties.removeValue(forKey: name) }
            }
        default:
            return
        }
    }

    private func matches(_ record: Record) -> Bool {
        switch goal {
        case .everything:
            return false
        case .name(let name):
            return DiscoveredDevice.properties(record.properties, haveName: name)
        case .address(let address):
            return (try? record.properties["Address"]?.string())?.uppercased() == address.uppercased()
        }
    }

    /// Whether the goal device has been seen advertising (the scan can stop early).
    var isDone: Bool {
        records.withLock { $0.byPath.values.contains { $0.seen && matches($0) } }
    }

    /// Devices seen advertising, strongest signal first.
    var seenDevices: [DiscoveredDevice] {
        records.withLock { $0.byPath }.filter { $0.value.seen }
            .sorted { ($0.value.properties["RSSI"].flatMap { try? $0.int16() } ?? .min, -$0.value.order)
                > ($1.value.properties["RSSI"].flatMap { try? $0.int16() } ?? .min, -$1.value.order) }
            .compactMap { DiscoveredDevice(path: $0.key, properties: $0.value.properties) }
    }

    /// The goal device: one seen advertising if any, else one only in BlueZ's cache.
    var match: (device: DiscoveredDevice, seen: Bool)? {
        let candidates = records.withLock { $0.byPath }.filter { matches($0.value) }.sorted { $0.value.order > $1.value.order }
        guard let best = candidates.first(where: { $0.value.seen }) ?? candidates.first,
              let device = DiscoveredDevice(path: best.key, properties: best.value.properties) else { return nil }
        return (device, best.value.seen)
    }
}
