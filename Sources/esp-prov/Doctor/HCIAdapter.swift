import Foundation

/// A Bluetooth controller as the kernel reports it (libbluetooth's device list), independent of
/// bluetoothd: an adapter the kernel sees but bluetoothd does not is a different fix from one
/// the kernel never saw, or one rfkill blocks.
struct HCIAdapter: Sendable, Equatable {
    var name: String
    var address: String
    var up: Bool
    var softBlocked: Bool
    var hardBlocked: Bool
    /// Whether a BLE run without `--ble_adapter` uses it (the first adapter up).
    var isDefault: Bool

    /// The doctor line for this adapter.
    var check: DoctorCheck {
        let label = "\(name) (\(address))\(isDefault ? ", the default" : "")"
        if hardBlocked {
            return .fail(.ble, "adapter", "\(label) is blocked by a hardware switch (rfkill hard block)",
                         fix: "turn the radio on with the laptop's switch or key, or in the firmware setup")
        }
        if softBlocked {
            return .fail(.ble, "adapter", "\(label) is blocked by rfkill",
                         fix: "`rfkill unblock bluetooth`, then `bluetoothctl power on`")
        }
        if !up {
            return .fail(.ble, "adapter", "\(label) is down",
                         fix: "`bluetoothctl power on` (or `sudo hciconfig \(name) up`)")
        }
        return .pass(.ble, "adapter", "\(label) is up")
    }

    /// The line when the kernel lists no controller at all.
    static let noneCheck = DoctorCheck.fail(
        .ble, "adapter", "the kernel sees no Bluetooth adapter",
        fix: "plug in a Bluetooth dongle, check `dmesg | grep -i bluetooth` for firmware errors (package firmware-*), "
            + "or use --transport softap")
}
