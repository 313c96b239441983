import ArgumentParser
import ProvClient

/// Flags of `--transport ble`.
struct BLEOptions: ParsableArguments {
    @Option(name: [.customLong("ble_adapter"), .customLong("ble-adapter")], help: "Bluetooth adapter (default: the first powered one).")
    var adapter: String?

    @Option(name: [.customLong("scan_timeout"), .customLong("scan-timeout")], help: "Seconds to look for BLE devices.")
    var scanTimeout = Default.scanTimeout

    @Option(name: [.customLong("name_prefix"), .customLong("name-prefix")], help: "Only list BLE devices whose name starts with this ('' lists all).")
    var namePrefix = Default.namePrefix

    @Flag(name: [.customLong("console_fallback"), .customLong("console-fallback")],
          help: "When BlueZ cannot be used, switch to the manual BLE console mode instead of failing.")
    var consoleFallback = false

    @Option(name: [.customLong("ble_service_uuid"), .customLong("ble-service-uuid")], help: "Service UUID for the manual BLE console mode.")
    var serviceUUID = Default.serviceUUID

    /// The defaults, read by the declarations above and by `ProvisionCommand.withDefaults()`.
    enum Default {
        static let scanTimeout: Double = 5
        static let namePrefix = "PROV_"
        static let serviceUUID = "021a9004-0382-4aea-bff4-6b3f1c5adfb4"
    }

    func validate() throws {
        guard scanTimeout > 0 else { throw ValidationError("--scan_timeout must be positive") }
    }
}
