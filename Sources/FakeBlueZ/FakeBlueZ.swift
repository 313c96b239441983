import DBus
import Foundation

/// A stand-in for bluetoothd on a private bus: owns `org.bluez` and serves the parts of BlueZ's
/// D-Bus API that a GATT client uses, with BlueZ's signatures, error names and signals.
///
/// Tests start one on a private `dbus-daemon` and point the client at it; device behaviour
/// comes from each peripheral's `FakeGATTBackend` (the strict virtual device).
public actor FakeBlueZ {
    static let adapterPath = "/org/bluez/hci0"

    let bus: DBusConnection
    let options: FakeBlueZOptions
    private var exported: DBusExportedObject?

    /// Visible objects: path → interface → properties.
    var objects: DBusManagedObjects = [:]
    var peripherals: [String: PeripheralState] = [:]
    var discoverySessions: Set<String> = []
    var agents: [String: String] = [:]  // client unique name → agent path
    var applications: [String: (serviceUUID: String, application: RemoteGATTApplication)] = [:]  // by owner
    var remainingConnectFailures: Int
    var nextSession: UInt32 = 0
    /// Numbers each held `Connect`, so a `Disconnect` cancels the one in flight (see `PeripheralState.connecting`).
    var nextConnect = 0
    private var log: [String] = []

    /// Every method call served, as `Interface.Member path-suffix [detail]` (for assertions).
    public var calls: [String] { log }

    struct GATTAttribute {
        var endpoint: String
        var characteristicPath: String
        var descriptorPath: String?
        var uuid: String
    }

    struct PeripheralState {
        var spec: FakePeripheral
        var path: String
        var visible: Bool
        var connected = false
        var paired = false
        var session: UInt32 = 0
        var attributes: [GATTAttribute] = []
        var values: [String: [UInt8]] = [:]  // characteristic path → last response
        var exchanges = 0
        var dropScheduled = false
        /// The `Connect` in flight (its number), which a `Disconnect` cancels; nil when none is.
        var connecting: Int?
    }

    private init(bus: DBusConnection, options: FakeBlueZOptions) {
        self.bus = bus
        self.options = options
        self.remainingConnectFailures = options.failingConnects
    }

    /// Connects to `busAddress`, claims `org.bluez` and exports the object tree.
    public static func start(busAddress: String, options: FakeBlueZOptions = .init(), peripherals: [FakePeripheral]) async throws -> FakeBlueZ {
        let bus = try await DBusConnection.connect(address: busAddress)
        let fake = FakeBlueZ(bus: bus, options: options)
        do {
            try await fake.setUp(peripherals)
            try await bus.requestName("org.bluez")
        } catch {
            bus.close()
            throw error
        }
        return fake
    }

    private func setUp(_ specs: [FakePeripheral]) async throws {
        objects["/org/bluez"] = ["org.bluez.AgentManager1": [:]]
        if options.adapterPresent {
            objects[Self.adapterPath] = ["org.bluez.Adapter1": [
                "Address": .string("00:1A:7D:DA:71:13"), "AddressType": .string("public"), "Name": .string("fake-bluez"),
                "Alias": .string("fake-bluez"), "Class": .uint32(0), "Powered": .boolean(options.adapterPowered),
                "Discoverable": .boolean(false), "Pairable": .boolean(true), "Discovering": .boolean(false),
                "UUIDs": .strings([]), "Roles": .strings(["central", "peripheral"]),
            ], "org.bluez.GattManager1": [:], "org.bluez.LEAdvertisingManager1": [
                "ActiveInstances": .byte(0), "SupportedInstances": .byte(5), "SupportedIncludes": .strings(["tx-power", "appearance", "local-name"]),
            ]]
        }
        for spec in specs {
            let path = Self.adapterPath + "/dev_" + spec.address.uppercased().replacingOccurrences(of: ":", with: "_")
            peripherals[path] = PeripheralState(spec: spec, path: path, visible: false)
            if spec.cached && options.adapterPresent { await show(path, seen: false) }
        }
        let handler: DBusMethodHandler = { [weak self] call in
            guard let self else { throw DBusFailure.error(name: DBusErrorName.unknownObject, message: call.path) }
            return try await self.route(call)
        }
        exported = try await bus.export("/", subtree: true, handler: handler)
    }

    /// Releases `org.bluez` and closes the connection (clients then see ServiceUnknown).
    public func stop() {
        exported?.unexport()
        exported = nil
        bus.close()
    }

    // MARK: Routing

    private func route(_ call: DBusMethodCall) async throws -> [DBusValue] {
        let suffix = call.path.split(separator: "/").last.map(String.init) ?? "/"
        log.append("\(call.interface.split(separator: ".").last ?? "").\(call.member) \(suffix)")
        switch call.interface {
        case DBusObjectManager.interface where call.path == "/" && call.member == "GetManagedObjects":
            return [DBusObjectManager.managedObjectsValue(objects)]
        case DBusObjectManager.propertiesInterface where call.member == "Set":
            return try await setAdapterProperty(call)
        case DBusObjectManager.propertiesInterface:
            return try properties(call)
        case "org.freedesktop.DBus.Introspectable":
            return [.string("<node></node>")]
        case "org.bluez.AgentManager1" where call.path == "/org/bluez":
            return try agentManager(call)
        case "org.bluez.Adapter1" where call.path == Self.adapterPath && objects[Self.adapterPath] != nil:
            return try await adapter(call)
        case "org.bluez.GattManager1" where call.path == Self.adapterPath && objects[Self.adapterPath] != nil:
            return try await gattManager(call)
        case "org.bluez.LEAdvertisingManager1" where call.path == Self.adapterPath && objects[Self.adapterPath] != nil:
            return try await advertisingManager(call)
        case "org.bluez.Device1" where peripherals[call.path]?.visible == true:
            return try await device(call)
        case "org.bluez.GattCharacteristic1":
            return try await characteristic(call)
        case "org.bluez.GattDescriptor1":
            return try descriptor(call)
        default:
            guard objects[call.path] != nil else {
                throw DBusFailure.error(name: DBusErrorName.unknownObject, message: "No such object \(call.path)")
            }
            throw DBusFailure.error(name: DBusErrorName.unknownMethod, message: "\(call.interface).\(call.member)")
        }
    }

    func note(_ detail: String) {
        log.append(detail)
    }

    // MARK: Object store and signals

    private func properties(_ call: DBusMethodCall) throws -> [DBusValue] {
        guard let object = objects[call.path] else {
            throw DBusFailure.error(name: DBusErrorName.unknownObject, message: call.path)
        }
        return try DBusReadOnlyProperties.answer(call, from: object)
    }

    /// Adds (or replaces) an object and announces it.
    func add(_ path: String, _ interfaces: DBusInterfaces) async {
        objects[path, default: [:]].merge(interfaces) { _, new in new }
        try? await bus.emitSignal(
            path: "/", interface: DBusObjectManager.interface, member: "InterfacesAdded",
            arguments: [.objectPath(path), DBusObjectManager.interfacesValue(interfaces)])
    }

    func remove(_ path: String) async {
        guard let interfaces = objects.removeValue(forKey: path) else { return }
        try? await bus.emitSignal(
            path: "/", interface: DBusObjectManager.interface, member: "InterfacesRemoved",
            arguments: [.objectPath(path), .strings(interfaces.keys.sorted())])
    }

    /// Updates properties and emits PropertiesChanged (values that did not change are not sent).
    func set(_ path: String, _ interface: String, _ changes: DBusProperties, invalidate: [String] = []) async {
        guard objects[path]?[interface] != nil else { return }
        var changed: DBusProperties = [:]
        for (name, value) in changes where objects[path]?[interface]?[name] != value {
            objects[path]?[interface]?[name] = value
            changed[name] = value
        }
        var invalidated: [String] = []
        for name in invalidate where objects[path]?[interface]?[name] != nil {
            objects[path]?[interface]?.removeValue(forKey: name)
            invalidated.append(name)
        }
        guard !changed.isEmpty || !invalidated.isEmpty else { return }
        try? await bus.emitSignal(
            path: path, interface: DBusObjectManager.propertiesInterface, member: "PropertiesChanged",
            arguments: DBusObjectManager.propertiesChangedArguments(interface: interface, changed: changed, invalidated: invalidated))
    }
}
