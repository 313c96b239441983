import DBus
import Foundation

/// `org.bluez.Adapter1` and `org.bluez.AgentManager1`.
extension FakeBlueZ {
    private var powered: Bool {
        (try? objects[Self.adapterPath]?["org.bluez.Adapter1"]?["Powered"]?.bool()) ?? false
    }

    static let notReady = DBusFailure.error(name: "org.bluez.Error.NotReady", message: "Resource Not Ready")

    func adapter(_ call: DBusMethodCall) async throws -> [DBusValue] {
        switch call.member {
        case "SetDiscoveryFilter":
            guard powered else { throw Self.notReady }
            let filter = try call.arguments.argument(0).vardict()
            note("filter Transport=\((try? filter["Transport"]?.string()) ?? "-")")
            return []
        case "GetDiscoveryFilters":
            return [.strings(["UUIDs", "RSSI", "Pathloss", "Transport", "DuplicateData", "Discoverable", "Pattern"])]
        case "StartDiscovery":
            guard powered else { throw Self.notReady }
            guard !discoverySessions.contains(call.sender) else {
                throw DBusFailure.error(name: "org.bluez.Error.InProgress", message: "Operation already in progress")
            }
            discoverySessions.insert(call.sender)
            await set(Self.adapterPath, "org.bluez.Adapter1", ["Discovering": .boolean(true)])
            let delay = options.advertisingDelay
            Task { [weak self] in
                try? await Task.sleep(for: delay)
                await self?.advertise()
            }
            return []
        case "StopDiscovery":
            guard powered else { throw Self.notReady }
            guard discoverySessions.remove(call.sender) != nil else {
                throw DBusFailure.error(name: "org.bluez.Error.Failed", message: "No discovery started")
            }
            if discoverySessions.isEmpty {
                await set(Self.adapterPath, "org.bluez.Adapter1", ["Discovering": .boolean(false)])
                for path in peripherals.keys.sorted() where peripherals[path]!.visible {
                    await set(path, "org.bluez.Device1", [:], invalidate: ["RSSI"])
                }
            }
            return []
        case "RemoveDevice":
            let path = try call.arguments.argument(0).objectPath()
            guard let state = peripherals[path], state.visible else {
                throw DBusFailure.error(name: "org.bluez.Error.DoesNotExist", message: "Does Not Exist")
            }
            if state.connected { await dropLink(path) }
            for attribute in state.attributes.reversed() { await removeAttribute(attribute) }
            peripherals[path]?.visible = false
            peripherals[path]?.paired = false
            await remove(path)
            return []
        default:
            throw DBusFailure.error(name: DBusErrorName.unknownMethod, message: "Adapter1.\(call.member)")
        }
    }

    /// Advertisements arrive: unseen devices appear, known ones get a fresh RSSI.
    func advertise() async {
        guard !discoverySessions.isEmpty else { return }
        for path in peripherals.keys.sorted() where peripherals[path]?.spec.advertising == true {
            await show(path, seen: true)
        }
    }

    /// Makes a device object visible; `seen` adds the RSSI an advertisement brings.
    func show(_ path: String, seen: Bool) async {
        guard let state = peripherals[path] else { return }
        if state.visible {
            if seen { await set(path, "org.bluez.Device1", ["RSSI": .int16(state.spec.rssi)]) }
            return
        }
        peripherals[path]?.visible = true
        var properties: DBusProperties = [
            "Address": .string(state.spec.address.uppercased()), "AddressType": .string("public"),
            "Alias": .string(state.spec.name ?? state.spec.address.uppercased().replacingOccurrences(of: ":", with: "-")),
            "Paired": .boolean(false), "Bonded": .boolean(false), "Trusted": .boolean(false), "Blocked": .boolean(false),
            "LegacyPairing": .boolean(false), "Connected": .boolean(false), "ServicesResolved": .boolean(false),
            "Adapter": .objectPath(Self.adapterPath),
            "UUIDs": .strings(state.spec.advertisesServiceUUID ? [state.spec.serviceUUID] : []),
        ]
        if let name = state.spec.name { properties["Name"] = .string(name) }
        if seen { properties["RSSI"] = .int16(state.spec.rssi) }
        await add(path, ["org.bluez.Device1": properties, DBusObjectManager.propertiesInterface: [:]])
    }

    func agentManager(_ call: DBusMethodCall) throws -> [DBusValue] {
        switch call.member {
        case "RegisterAgent":
            let path = try call.arguments.argument(0).objectPath()
            let capability = try call.arguments.argument(1).string()
            guard agents[call.sender] == nil else {
                throw DBusFailure.error(name: "org.bluez.Error.AlreadyExists", message: "Already Exists")
            }
            note("agent \(capability)")
            agents[call.sender] = path
            return []
        case "UnregisterAgent":
            let path = try call.arguments.argument(0).objectPath()
            guard agents[call.sender] == path else {
                throw DBusFailure.error(name: "org.bluez.Error.DoesNotExist", message: "Does Not Exist")
            }
            agents.removeValue(forKey: call.sender)
            return []
        case "RequestDefaultAgent":
            return []
        default:
            throw DBusFailure.error(name: DBusErrorName.unknownMethod, message: "AgentManager1.\(call.member)")
        }
    }
}
