import DBus

/// A GATT application some client registered with the fake (`GattManager1.RegisterApplication`), as
/// the backend of the peripheral its advertisement creates: each request is the write-then-read a
/// real central makes, sent to the application's characteristic with the `device` option naming the
/// central as bluetoothd does (REALBLUEZ.md §3 fact 11). This lets the fast tests run
/// `esp-prov-device --ble_adapter` against esp-prov through the fake.
struct RemoteGATTApplication: FakeGATTBackend {
    let bus: DBusConnection
    /// The application's unique bus name.
    let owner: String
    let endpointNames: [String]
    /// Endpoint → characteristic object path in the application.
    let characteristics: [String: String]
    /// The central as the application sees it (the `device` option); the fake exports it while linked.
    let centralPath: String

    func openSession(_ id: UInt32) async {}
    func closeSession(_ id: UInt32) async {}

    func handle(endpoint: String, session: UInt32, request: [UInt8]) async -> [UInt8]? {
        guard let path = characteristics[endpoint] else { return nil }
        do {
            _ = try await bus.call(
                destination: owner, path: path, interface: "org.bluez.GattCharacteristic1", member: "WriteValue",
                arguments: [.bytes(request), .vardict(["device": .objectPath(centralPath), "type": .string("request")])],
                timeout: .seconds(10))
            return try await bus.call(
                destination: owner, path: path, interface: "org.bluez.GattCharacteristic1", member: "ReadValue",
                arguments: [.vardict(["device": .objectPath(centralPath), "offset": .uint16(0)])], timeout: .seconds(10)
            ).argument(0).bytes()
        } catch {
            return nil
        }
    }

    var stopped: Bool { get async { false } }
}
