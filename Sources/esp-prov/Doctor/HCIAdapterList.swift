import CBluetooth
import Foundation

/// Reads the kernel's Bluetooth controllers through libbluetooth (`hci_devinfo` for each of the
/// kernel's HCI_MAX_DEV slots) and their rfkill state from sysfs. The default is the adapter a BLE run
/// without `--ble_adapter` uses: the first one up, in index order. Not `hci_get_route`: it returns the
/// most recently registered controller (hci1 of btvirt's two in RealBlueZTests), which no BlueZ client uses.
enum HCIAdapterList {
    static func read(sysfs: String = "/sys/class/bluetooth") -> [HCIAdapter] {
        var adapters: [HCIAdapter] = (0..<Int32(HCI_MAX_DEV)).compactMap { id in
            var info = hci_dev_info()
            guard hci_devinfo(id, &info) == 0 else { return nil }
            let name = withUnsafeBytes(of: info.name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            var address = [CChar](repeating: 0, count: 18)
            var bdaddr = info.bdaddr
            ba2str(&bdaddr, &address)
            let rfkill = rfkillState(of: name, sysfs: sysfs)
            return HCIAdapter(
                name: name, address: String(cString: address), up: info.flags & (1 << UInt32(HCI_UP)) != 0,
                softBlocked: rfkill.soft, hardBlocked: rfkill.hard, isDefault: false)
        }
        if let first = adapters.firstIndex(where: \.up) { adapters[first].isDefault = true }
        return adapters
    }

    /// `/sys/class/bluetooth/hciN/rfkillM/{soft,hard}`: "1" when blocked.
    private static func rfkillState(of name: String, sysfs: String) -> (soft: Bool, hard: Bool) {
        let directory = "\(sysfs)/\(name)"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        guard let rfkill = entries.first(where: { $0.hasPrefix("rfkill") }) else { return (false, false) }
        func flag(_ file: String) -> Bool {
            (try? String(contentsOfFile: "\(directory)/\(rfkill)/\(file)", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) == "1"
        }
        return (flag("soft"), flag("hard"))
    }
}
