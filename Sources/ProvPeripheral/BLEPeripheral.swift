import DBus
import Foundation
import ProvClient
import ProvDevice

/// The strict virtual device served over a real Bluetooth adapter: a GATT server application and an
/// LE advertisement registered with bluetoothd (REALBLUEZ.md §3 facts 11–13), with NimBLE's
/// semantics where a BlueZ GATT application can choose them (docs/protocol.md §4.2):
/// - the transport session is the connection, keyed on the `device` option bluetoothd passes with
///   every ReadValue/WriteValue; a new peer replaces the old session (one connection at a time);
/// - each characteristic keeps the last response per connection, cleared when the link goes;
/// - a protocomm failure is an ATT error (`org.bluez.Error.Failed` → Unlikely Error), the link stays;
///   empty writes are ignored, oversized ones refused with Invalid Attribute Value Length;
/// - when provisioning ends the advertisement goes and the peer is disconnected.
///
/// `stop()` unregisters both; if the process dies instead, bluetoothd drops them itself when its
/// D-Bus connection closes.
public actor BLEPeripheral {
    static let root = "/org/espprov"
    static let applicationPath = root + "/gatt"
    static let advertisementPath = root + "/advertisement0"
    static let adapterInterface = "org.bluez.Adapter1"
    static let deviceInterface = "org.bluez.Device1"
    /// How often open sessions check that their link is still up: bluetoothd does not reliably signal
    /// `Connected` for links made before its mgmt event (REALBLUEZ.md §3 fact 2), so a signal alone can miss one.
    static let linkCheckInterval: Duration = .milliseconds(500)
    static let callTimeout: Duration = .seconds(10)

    /// The advertised name (also the adapter's Alias, so the GAP Device Name matches).
    public nonisolated let name: String
    /// bluetoothd's object path of the adapter it serves on (`/org/bluez/hci1`).
    public nonisolated let adapterPath: String
    private let bus: DBusConnection
    private let device: VirtualDevice
    private let application: GATTApplication
    private let serviceUUID: String
    private let log: @Sendable (String) -> Void
    private var exported: DBusExportedObject?
    private var applicationRegistered = false
    private var advertising = false
    /// The one `UnregisterAdvertisement` call, once made (see `stopAdvertising`).
    private var unregisteringAdvertisement: Task<Void, Never>?
    private var sessions: [String: UInt32] = [:]  // peer device path → transport session
    private var values: [String: [String: [UInt8]]] = [:]  // peer → characteristic path → response
    private var nextSession: UInt32 = 0
    private var watchers: [Task<Void, Never>] = []

    private init(
        bus: DBusConnection, device: VirtualDevice, adapterPath: String, name: String, serviceUUID: String,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.bus = bus
        self.device = device
        self.adapterPath = adapterPath
        self.name = name
        self.serviceUUID = serviceUUID
        self.log = log
        application = GATTApplication(root: Self.applicationPath, serviceUUID: serviceUUID, endpoints: device.endpointNames)
    }

    /// Finds `adapter` (hci1 or its object path), sets its Alias to the name (default `PROV_` and the
    /// last three address bytes, as the IDF example names itself), powers it, registers the GATT
    /// application and the advertisement. On any failure everything done so far is undone.
    public static func start(
        device: VirtualDevice, adapter: String, name: String?, serviceUUID: String = ProvGATTLayout.wellKnownServiceUUIDs[0],
        busAddress: String? = nil, log: @escaping @Sendable (String) -> Void
    ) async throws -> BLEPeripheral {
        let bus: DBusConnection
        if let busAddress {
            bus = try await DBusConnection.connect(address: busAddress)
        } else {
            bus = try await DBusConnection.system()
        }
        do {
            let (path, address) = try await findAdapter(adapter, bus: bus)
            let peripheral = BLEPeripheral(
                bus: bus, device: device, adapterPath: path, name: name ?? defaultName(address: address),
                serviceUUID: serviceUUID, log: log)
            do {
                try await peripheral.setUp()
            } catch {
                await peripheral.stop()
                throw error
            }
            return peripheral
        } catch {
            bus.close()
            throw error
        }
    }

    /// `PROV_` and the last three bytes of the adapter's address, like the IDF example's `PROV_XXXXXX`.
    static func defaultName(address: String) -> String {
        "PROV_" + address.split(separator: ":").suffix(3).joined().uppercased()
    }

    private static func findAdapter(_ adapter: String, bus: DBusConnection) async throws -> (path: String, address: String) {
        let objects: DBusManagedObjects
        do {
            objects = try await bus.managedObjects(destination: "org.bluez", timeout: callTimeout)
        } catch {
            throw PeripheralFailure.refused(step: "listing adapters", reason: "\(error)")
        }
        let adapters = objects.filter { $0.value[adapterInterface] != nil }
        guard let (path, interfaces) = adapters.first(where: { $0.key == adapter || $0.key.hasSuffix("/" + adapter) }) else {
            throw PeripheralFailure.adapterNotFound(
                adapter: adapter, available: adapters.keys.sorted().compactMap { $0.split(separator: "/").last.map(String.init) })
        }
        for needed in ["org.bluez.GattManager1", "org.bluez.LEAdvertisingManager1"] where interfaces[needed] == nil {
            throw PeripheralFailure.notCapable(adapter: adapter, missing: needed)
        }
        return (path, (try? interfaces[adapterInterface]?["Address"]?.string()) ?? "00:00:00:00:00:00")
    }

    private func setUp() async throws {
        exported = try await bus.export(Self.root, subtree: true) { [weak self] call in
            guard let self else { throw DBusFailure.error(name: DBusErrorName.unknownObject, message: call.path) }
            return try await self.route(call)
        }
        watchers.append(Task { [weak self] in await self?.watchLinks() })
        let events = await device.events()
        watchers.append(Task { [weak self] in
            for await event in events where event == .stopped {
                await self?.provisioningEnded()
                return
            }
        })
        try await adapterCall(DBusObjectManager.propertiesInterface, "Set", [
            .string(Self.adapterInterface), .string("Alias"), .variant(.string(name)),
        ], step: "setting the adapter's Alias")
        try await adapterCall(DBusObjectManager.propertiesInterface, "Set", [
            .string(Self.adapterInterface), .string("Powered"), .variant(.boolean(true)),
        ], step: "powering the adapter")
        try await adapterCall("org.bluez.GattManager1", "RegisterApplication", [
            .objectPath(Self.applicationPath), .vardict([:]),
        ], step: "GattManager1.RegisterApplication")
        applicationRegistered = true
        try await adapterCall("org.bluez.LEAdvertisingManager1", "RegisterAdvertisement", [
            .objectPath(Self.advertisementPath), .vardict([:]),
        ], step: "LEAdvertisingManager1.RegisterAdvertisement")
        advertising = true
        log("advertising \(name) (service \(serviceUUID)) on \(adapterPath)")
    }

    private func adapterCall(_ interface: String, _ member: String, _ arguments: [DBusValue], step: String) async throws {
        do {
            _ = try await bus.call(
                destination: "org.bluez", path: adapterPath, interface: interface, member: member, arguments: arguments,
                timeout: Self.callTimeout)
        } catch {
            throw PeripheralFailure.refused(step: step, reason: "\(error)")
        }
    }

    /// Unregisters the advertisement and the application (each only if registered), closes every
    /// session and the bus connection. Safe to call more than once.
    public func stop() async {
        for watcher in watchers { watcher.cancel() }
        watchers = []
        await stopAdvertising()
        if applicationRegistered {
            applicationRegistered = false
            _ = try? await bus.call(
                destination: "org.bluez", path: adapterPath, interface: "org.bluez.GattManager1",
                member: "UnregisterApplication", arguments: [.objectPath(Self.applicationPath)], timeout: Self.callTimeout)
        }
        for peer in sessions.keys { await endSession(peer) }
        exported?.unexport()
        exported = nil
        bus.close()
    }

    /// Whether the advertisement is registered (tests and the log).
    public var isAdvertising: Bool { advertising }

    /// Unregisters the advertisement once, in a task of its own, and waits for it: provisioning's
    /// end and `stop()` race (the stop cancels the watcher that saw the end, and a cancelled
    /// caller's D-Bus call is never sent), so whichever comes second waits for the first's call
    /// instead of finding `advertising` false and closing the bus under it.
    private func stopAdvertising() async {
        if advertising {
            advertising = false
            log("stopped advertising \(name)")  // before the call: the process may exit while it is under way
            let bus = bus, adapterPath = adapterPath
            unregisteringAdvertisement = Task {
                _ = try? await bus.call(
                    destination: "org.bluez", path: adapterPath, interface: "org.bluez.LEAdvertisingManager1",
                    member: "UnregisterAdvertisement", arguments: [.objectPath(Self.advertisementPath)], timeout: Self.callTimeout)
            }
        }
        await unregisteringAdvertisement?.value
    }

    /// `WIFI_PROV_END`: protocomm's BLE transport stops advertising and ends the connection.
    private func provisioningEnded() async {
        await stopAdvertising()
        for peer in sessions.keys {
            _ = try? await bus.call(
                destination: "org.bluez", path: peer, interface: Self.deviceInterface, member: "Disconnect",
                timeout: Self.callTimeout)
            await endSession(peer)
        }
    }

    // MARK: Sessions

    private func session(for peer: String) async -> UInt32 {
        if let id = sessions[peer] { return id }
        for other in sessions.keys { await endSession(other) }  // one connection at a time, as on the ESP32
        nextSession += 1
        sessions[peer] = nextSession
        await device.openSession(nextSession)
        log("connected: \(peer.split(separator: "/").last ?? "")")
        return nextSession
    }

    private func endSession(_ peer: String) async {
        guard let id = sessions.removeValue(forKey: peer) else { return }
        values[peer] = nil
        await device.closeSession(id)
        log("disconnected: \(peer.split(separator: "/").last ?? "")")
    }

    private func watchLinks() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: Self.linkCheckInterval)
            for peer in sessions.keys where await !isConnected(peer) { await endSession(peer) }
        }
    }

    private func isConnected(_ peer: String) async -> Bool {
        do {
            return try await bus.property(
                destination: "org.bluez", path: peer, interface: Self.deviceInterface, name: "Connected", timeout: Self.callTimeout
            ).bool()
        } catch DBusFailure.timedOut {
            return true  // a busy bluetoothd says nothing about the link
        } catch {
            return false  // the device object is gone
        }
    }

    // MARK: Serving bluetoothd's calls

    private func route(_ call: DBusMethodCall) async throws -> [DBusValue] {
        switch (call.interface, call.member) {
        case (DBusObjectManager.interface, "GetManagedObjects") where call.path == Self.applicationPath:
            return [DBusObjectManager.managedObjectsValue(application.objects)]
        case (DBusObjectManager.interface, "GetManagedObjects") where call.path == Self.advertisementPath:
            return [DBusObjectManager.managedObjectsValue([Self.advertisementPath: advertisementInterfaces])]
        case (DBusObjectManager.propertiesInterface, _):
            return try properties(call)
        case ("org.bluez.LEAdvertisement1", "Release") where call.path == Self.advertisementPath:
            advertising = false
            log("bluetoothd released the advertisement")
            return []
        case ("org.bluez.GattCharacteristic1", "ReadValue"):
            guard let attribute = application.attribute(characteristic: call.path) else { throw Self.unknownObject(call) }
            let options = try call.arguments.argument(0).vardict()
            let peer = try Self.peer(options)
            _ = await session(for: peer)
            let value = values[peer]?[attribute.characteristicPath] ?? []
            let offset = Int((try? options["offset"]?.uint16()) ?? 0)
            guard offset <= value.count else { throw DBusFailure.error(name: "org.bluez.Error.InvalidOffset", message: "Invalid offset") }
            return [.bytes(Array(value[offset...]))]
        case ("org.bluez.GattCharacteristic1", "WriteValue"):
            guard let attribute = application.attribute(characteristic: call.path) else { throw Self.unknownObject(call) }
            return try await write(call, attribute)
        case ("org.bluez.GattDescriptor1", "ReadValue"):
            guard let attribute = application.attribute(descriptor: call.path) else { throw Self.unknownObject(call) }
            let offset = Int((try? call.arguments.argument(0).vardict()["offset"]?.uint16()) ?? 0)
            let name = Array(attribute.endpoint.utf8)
            return [.bytes(Array(name[min(offset, name.count)...]))]
        default:
            throw DBusFailure.error(name: DBusErrorName.unknownMethod, message: "\(call.interface).\(call.member)")
        }
    }

    /// NimBLE's write callback: protocomm runs synchronously and its response becomes the value.
    private func write(_ call: DBusMethodCall, _ attribute: GATTApplication.Attribute) async throws -> [DBusValue] {
        let value = try call.arguments.argument(0).bytes()
        let options = try call.arguments.argument(1).vardict()
        let peer = try Self.peer(options)
        let id = await session(for: peer)
        if value.isEmpty { return [] }  // NimBLE ignores empty writes
        guard value.count <= 512, ((try? options["offset"]?.uint16()) ?? 0) == 0 else {
            throw DBusFailure.error(name: "org.bluez.Error.InvalidValueLength", message: "Invalid Length")
        }
        guard let response = await device.handle(endpoint: attribute.endpoint, session: id, request: value) else {
            throw DBusFailure.error(name: "org.bluez.Error.Failed", message: "protocomm failed on \(attribute.endpoint)")
        }
        if sessions[peer] == id { values[peer, default: [:]][attribute.characteristicPath] = response }
        return []
    }

    private static func peer(_ options: [String: DBusValue]) throws -> String {
        guard let peer = try? options["device"]?.objectPath() else {
            throw DBusFailure.error(name: "org.bluez.Error.InvalidArguments", message: "no device option")
        }
        return peer
    }

    private var advertisementInterfaces: DBusInterfaces {
        ["org.bluez.LEAdvertisement1": [
            "Type": .string("peripheral"), "ServiceUUIDs": .strings([serviceUUID]), "LocalName": .string(name),
        ]]
    }

    private func properties(_ call: DBusMethodCall) throws -> [DBusValue] {
        let interfaces = call.path == Self.advertisementPath ? advertisementInterfaces : application.objects[call.path]
        return try DBusReadOnlyProperties.answer(call, from: interfaces ?? [:])
    }

    private static func unknownObject(_ call: DBusMethodCall) -> DBusFailure {
        .error(name: DBusErrorName.unknownObject, message: "No such object \(call.path)")
    }
}
