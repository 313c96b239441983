/// `org.freedesktop.DBus.Properties` for an exported object whose properties only its owner changes
/// (the fake bluetoothd's tree, the virtual device's GATT application and advertisement): `Get` and
/// `GetAll` answer from the object's interfaces, anything else is `PropertyReadOnly`, as bluetoothd
/// answers for read-only properties. One answer for every object this project exports.
public enum DBusReadOnlyProperties {
    /// Answers `call` (a `Properties` method call) from `interfaces`, the called object's.
    public static func answer(_ call: DBusMethodCall, from interfaces: DBusInterfaces) throws -> [DBusValue] {
        let interface = try call.arguments.argument(0).string()
        guard let properties = interfaces[interface] else {
            throw DBusFailure.error(name: DBusErrorName.invalidArgs, message: "No such interface '\(interface)' at \(call.path)")
        }
        switch call.member {
        case "GetAll":
            return [.vardict(properties)]
        case "Get":
            let name = try call.arguments.argument(1).string()
            guard let value = properties[name] else {
                throw DBusFailure.error(name: DBusErrorName.invalidArgs, message: "No such property '\(name)'")
            }
            return [.variant(value)]
        default:
            throw DBusFailure.error(name: DBusErrorName.propertyReadOnly, message: "Properties are read-only here")
        }
    }
}
