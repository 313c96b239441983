import DBus

/// The object tree a GATT server application hands bluetoothd (`GattManager1.RegisterApplication`,
/// REALBLUEZ.md §3 fact 11): an ObjectManager root with one `GattService1`, one
/// `GattCharacteristic1` per endpoint and a read-only 0x2901 `GattDescriptor1` under each.
struct GATTApplication: Sendable {
    /// One endpoint's attributes.
    struct Attribute: Sendable {
        var endpoint: String
        var characteristicPath: String
        var descriptorPath: String
    }

    let root: String
    let servicePath: String
    let attributes: [Attribute]
    let objects: DBusManagedObjects

    init(root: String, serviceUUID: String, endpoints: [String]) {
        self.root = root
        servicePath = root + "/service0"
        var objects: DBusManagedObjects = [servicePath: ["org.bluez.GattService1": [
            "UUID": .string(serviceUUID), "Primary": .boolean(true), "Includes": .objectPaths([]),
        ]]]
        var attributes: [Attribute] = []
        let uuids = GATTLayout.characteristicUUIDs(service: serviceUUID, endpoints: endpoints)
        for (index, (endpoint, uuid)) in zip(endpoints, uuids).enumerated() {
            let characteristic = servicePath + "/char\(index)"
            let descriptor = characteristic + "/desc0"
            objects[characteristic] = ["org.bluez.GattCharacteristic1": [
                "UUID": .string(uuid), "Service": .objectPath(servicePath), "Flags": .strings(["read", "write"]),
            ]]
            objects[descriptor] = ["org.bluez.GattDescriptor1": [
                "UUID": .string(GATTLayout.userDescriptionUUID), "Characteristic": .objectPath(characteristic),
                "Flags": .strings(["read"]),
            ]]
            attributes.append(Attribute(endpoint: endpoint, characteristicPath: characteristic, descriptorPath: descriptor))
        }
        self.attributes = attributes
        self.objects = objects
    }

    func attribute(characteristic path: String) -> Attribute? {
        attributes.first { $0.characteristicPath == path }
    }

    func attribute(descriptor path: String) -> Attribute? {
        attributes.first { $0.descriptorPath == path }
    }
}
