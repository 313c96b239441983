import ArgumentParser
import OptionValues
import ProvClient

/// Flags of `--transport ble`.
struct BLEOptions: ParsableArguments {
    @Option(name: [.customLong("ble_adapter"), .customLong("ble-adapter")], help: "Bluetooth adapter (default: the first powered one).")
    var adapter: String?

    @Option(name: [.customLong("scan_timeout"), .customLong("scan-timeout")], help: "Seconds to look for BLE devices \(Seconds<Timeout>.rangeText).")
    var scanTimeout = Seconds<Timeout>(5)

    @Option(name: [.customLong("name_prefix"), .customLong("name-prefix")], help: "Only list BLE devices whose name starts with this ('' lists all).")
    var namePrefix = "PROV_"

    @Flag(name: [.customLong("console_fallback"), .customLong("console-fallback")],
          help: "When BlueZ cannot be used, switch to the manual BLE console mode instead of failing.")
    var consoleFallback = false

    @Option(name: [.customLong("ble_service_uuid"), .customLong("ble-service-uuid")], help: "Service UUID for the manual BLE console mode.")
    var serviceUUID = "021a9004-0382-4aea-bff4-6b3f1c5adfb4"
}
