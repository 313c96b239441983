/// Typed forms of the standard `org.freedesktop.DBus.ObjectManager` and `.Properties` payloads,
/// which is how BlueZ publishes adapters, devices and GATT attributes.

/// Properties of one interface: name → value (variants unwrapped).
public typealias DBusProperties = [String: DBusValue]

/// Interfaces of one object: interface name → properties.
public typealias DBusInterfaces = [String: DBusProperties]

/// The whole tree: object path → interfaces (`a{oa{sa{sv}}}`).
public typealias DBusManagedObjects = [String: DBusInterfaces]

/// Names of the two standard interfaces every BlueZ-style object tree uses, kept in one place.
public enum DBusObjectManager {
    /// `GetManagedObjects` / `InterfacesAdded`: how a client sees the whole tree in one call.
    public static let interface = "org.freedesktop.DBus.ObjectManager"
    /// `Get`/`Set`/`GetAll` and `PropertiesChanged`: how state changes are observed.
    public static let propertiesInterface = "org.freedesktop.DBus.Properties"

    /// Reads an `a{sa{sv}}` value.
    public static func interfaces(from value: DBusValue) throws -> DBusInterfaces {
        try value.dictionary(key: { try $0.string() }, value: { try $0.vardict() })
    }

    /// Reads the reply of `GetManagedObjects` (`a{oa{sa{sv}}}`).
    public static func managedObjects(from reply: [DBusValue]) throws -> DBusManagedObjects {
        try reply.argument(0).dictionary(key: { try $0.objectPath() }, value: { try interfaces(from: $0) })
    }

    /// Reads an `InterfacesAdded(o, a{sa{sv}})` signal.
    public static func interfacesAdded(_ arguments: [DBusValue]) throws -> (path: String, interfaces: DBusInterfaces) {
        (try arguments.argument(0).objectPath(), try interfaces(from: arguments.argument(1)))
    }

    /// Reads an `InterfacesRemoved(o, as)` signal.
    public static func interfacesRemoved(_ arguments: [DBusValue]) throws -> (path: String, interfaces: [String]) {
        (try arguments.argument(0).objectPath(), try arguments.argument(1).stringArray())
    }

    /// Reads a `PropertiesChanged(s, a{sv}, as)` signal.
    public static func propertiesChanged(_ arguments: [DBusValue]) throws
        -> (interface: String, changed: DBusProperties, invalidated: [String])
    {
        (try arguments.argument(0).string(), try arguments.argument(1).vardict(), try arguments.argument(2).stringArray())
    }

    /// Builds a `PropertiesChanged` body.
    public static func propertiesChangedArguments(interface: String, changed: DBusProperties, invalidated: [String] = []) -> [DBusValue] {
        [.string(interface), .vardict(changed), .strings(invalidated)]
    }

    /// Builds an `a{sa{sv}}` value.
    public static func interfacesValue(_ interfaces: DBusInterfaces) -> DBusValue {
        let entries = interfaces.keys.sorted().map { name in
            DBusDictEntry(key: .string(name), value: .vardict(interfaces[name]!))
        }
        return .dictionary(keySignature: "s", valueSignature: "a{sv}", entries)
    }

    /// Builds a `GetManagedObjects` reply value (`a{oa{sa{sv}}}`).
    public static func managedObjectsValue(_ objects: DBusManagedObjects) -> DBusValue {
        let entries = objects.keys.sorted().map { path in
            DBusDictEntry(key: .objectPath(path), value: interfacesValue(objects[path]!))
        }
        return .dictionary(keySignature: "o", valueSignature: "a{sa{sv}}", entries)
    }
}

extension DBusConnection {
    /// `GetManagedObjects` on `path` of `destination`.
    public func managedObjects(destination: String, path: String = "/", timeout: Duration = DBusConnection.defaultTimeout) async throws -> DBusManagedObjects {
        let reply = try await call(
            destination: destination, path: path, interface: DBusObjectManager.interface,
            member: "GetManagedObjects", timeout: timeout)
        return try DBusObjectManager.managedObjects(from: reply)
    }

    /// `Properties.Get`, variant unwrapped.
    public func property(
        destination: String, path: String, interface: String, name: String, timeout: Duration = DBusConnection.defaultTimeout
    ) async throws -> DBusValue {
        let reply = try await call(
            destination: destination, path: path, interface: DBusObjectManager.propertiesInterface,
            member: "Get", arguments: [.string(interface), .string(name)], timeout: timeout)
        return try reply.argument(0).unwrapped
    }
}
