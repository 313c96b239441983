import ProvClient

/// The provisioning service as a device publishes it (docs/protocol.md §4.2): one read+write
/// characteristic per endpoint in the manager's order, UUIDs by `ProvGATTLayout`'s rule, each with a
/// 0x2901 User Description naming the endpoint. Shared by the device on a real adapter
/// (`BLEPeripheral`) and the fake bluetoothd's simulated peripherals, so both publish the same UUIDs.
public enum GATTLayout {
    /// Characteristic User Description.
    public static let userDescriptionUUID = "00002901-0000-1000-8000-00805f9b34fb"

    /// Each endpoint's characteristic UUID, in declaration order: the manager's own endpoints have
    /// fixed ids, custom ones count up from 0xFF54. `service` must be a 128-bit UUID.
    public static func characteristicUUIDs(service: String, endpoints: [String]) -> [String] {
        var nextCustomID = ProvGATTLayout.firstCustomID
        return endpoints.map { endpoint in
            let id: UInt16
            if let fixed = ProvGATTLayout.endpointIDs.first(where: { $0.name == endpoint })?.id {
                id = fixed
            } else {
                id = nextCustomID
                nextCustomID += 1
            }
            return ProvGATTLayout.characteristicUUID(service: service, id: id) ?? service
        }
    }
}
