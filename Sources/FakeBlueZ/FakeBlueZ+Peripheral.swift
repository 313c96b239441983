import DBus
import ProvPeripheral

/// `org.bluez.GattManager1` and `org.bluez.LEAdvertisingManager1` on the adapter: a client that
/// registers a GATT application and then an advertisement becomes a peripheral the fake's central
/// side can discover and connect to (loopback on the one fake adapter). Validation follows
/// bluetoothd's: a primary service with characteristics, each with its 0x2901 name read at registration.
extension FakeBlueZ {
    static let centralAddress = "CE:77:7A:11:22:33"

    func gattManager(_ call: DBusMethodCall) async throws -> [DBusValue] {
        let path = try call.arguments.argument(0).objectPath()
        switch call.member {
        case "RegisterApplication":
            let tree = try await bus.managedObjects(destination: call.sender, path: path, timeout: .seconds(5))
            guard let (servicePath, service) = tree.first(where: { $0.value["org.bluez.GattService1"] != nil }),
                  let uuid = try? service["org.bluez.GattService1"]?["UUID"]?.string() else {
                throw DBusFailure.error(name: "org.bluez.Error.Failed", message: "No valid service object found")
            }
            var endpoints: [String] = []
            var characteristics: [String: String] = [:]
            for (characteristicPath, _) in tree.filter({ (try? $0.value["org.bluez.GattCharacteristic1"]?["Service"]?.objectPath()) == servicePath })
                .sorted(by: { $0.key < $1.key }) {
                guard let descriptor = tree.first(where: {
                    (try? $0.value["org.bluez.GattDescriptor1"]?["Characteristic"]?.objectPath()) == characteristicPath
                        && (try? $0.value["org.bluez.GattDescriptor1"]?["UUID"]?.string()) == GATTLayout.userDescriptionUUID
                })?.key else { continue }
                let name = try await bus.call(
                    destination: call.sender, path: descriptor, interface: "org.bluez.GattDescriptor1", member: "ReadValue",
                    arguments: [.vardict([:])], timeout: .seconds(5)).argument(0).bytes()
                endpoints.append(String(decoding: name, as: UTF8.self))
                characteristics[endpoints.last!] = characteristicPath
            }
            note("application \(uuid) endpoints \(endpoints.joined(separator: ","))")
            applications[call.sender] = (uuid, RemoteGATTApplication(
                bus: bus, owner: call.sender, endpointNames: endpoints, characteristics: characteristics,
                centralPath: Self.adapterPath + "/dev_" + Self.centralAddress.replacingOccurrences(of: ":", with: "_")))
            return []
        case "UnregisterApplication":
            guard applications.removeValue(forKey: call.sender) != nil else {
                throw DBusFailure.error(name: "org.bluez.Error.DoesNotExist", message: "Does Not Exist")
            }
            return []
        default:
            throw DBusFailure.error(name: DBusErrorName.unknownMethod, message: "GattManager1.\(call.member)")
        }
    }

    func advertisingManager(_ call: DBusMethodCall) async throws -> [DBusValue] {
        let path = try call.arguments.argument(0).objectPath()
        let devicePath = Self.adapterPath + "/dev_24_0A_C4_AD_00_01"
        switch call.member {
        case "RegisterAdvertisement":
            let properties = try await bus.call(
                destination: call.sender, path: path, interface: DBusObjectManager.propertiesInterface, member: "GetAll",
                arguments: [.string("org.bluez.LEAdvertisement1")], timeout: .seconds(5)).argument(0).vardict()
            let name = try? properties["LocalName"]?.string()
            let uuids = (try? properties["ServiceUUIDs"]?.stringArray()) ?? []
            guard let (serviceUUID, application) = applications[call.sender], uuids.contains(serviceUUID) else {
                throw DBusFailure.error(name: "org.bluez.Error.InvalidArguments", message: "Invalid Arguments in method call")
            }
            note("advertising \(name ?? "-")")
            peripherals[devicePath] = PeripheralState(
                spec: FakePeripheral(name: name, address: "24:0A:C4:AD:00:01", serviceUUID: serviceUUID, backend: application),
                path: devicePath, visible: false)
            if !discoverySessions.isEmpty { await show(devicePath, seen: true) }
            return []
        case "UnregisterAdvertisement":
            guard peripherals[devicePath]?.spec.advertising == true else {
                throw DBusFailure.error(name: "org.bluez.Error.DoesNotExist", message: "Does Not Exist")
            }
            peripherals[devicePath]?.spec.advertising = false
            return []
        default:
            throw DBusFailure.error(name: DBusErrorName.unknownMethod, message: "LEAdvertisingManager1.\(call.member)")
        }
    }

    /// While a registered application's peripheral is linked, the central exists for it as a device
    /// object it can ask `Connected` of (bluetoothd exports the peer on the peripheral's adapter).
    func linkChanged(_ path: String, connected: Bool) {
        guard let application = peripherals[path]?.spec.backend as? RemoteGATTApplication else { return }
        if connected {
            objects[application.centralPath] = ["org.bluez.Device1": [
                "Address": .string(Self.centralAddress), "Connected": .boolean(true), "Adapter": .objectPath(Self.adapterPath),
            ]]
        } else {
            objects[application.centralPath] = nil
        }
    }

    /// `Properties.Set` of the adapter's `Alias` or `Powered` (what a peripheral application sets).
    func setAdapterProperty(_ call: DBusMethodCall) async throws -> [DBusValue] {
        let name = try call.arguments.argument(1).string()
        let value = try call.arguments.argument(2).unwrapped
        guard call.path == Self.adapterPath, ["Alias", "Powered"].contains(name) else {
            throw DBusFailure.error(name: DBusErrorName.propertyReadOnly, message: "Properties are read-only here")
        }
        note("set \(name)")
        await set(Self.adapterPath, "org.bluez.Adapter1", [name: value])
        return []
    }
}
