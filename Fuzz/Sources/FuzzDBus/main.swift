import DBus

/// Everything from the system bus comes from another process: any marshalled message must decode
/// into values or a `DBusFailure`, and the typed readers the BLE client uses on BlueZ's replies and
/// signals (ObjectManager trees, PropertiesChanged, InterfacesAdded/Removed) must hold up too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDBus(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    guard let values = try? DBusMessageBytes.bodyValues(bytes) else { return 0 }
    _ = try? DBusObjectManager.managedObjects(from: values)
    _ = try? DBusObjectManager.interfacesAdded(values)
    _ = try? DBusObjectManager.interfacesRemoved(values)
    _ = try? DBusObjectManager.propertiesChanged(values)
    for value in values { touch(value, depth: 0) }
    return 0
}

/// Every typed reader on every value, recursively (bounded: libdbus limits nesting to 64 anyway).
private func touch(_ value: DBusValue, depth: Int) {
    guard depth < 70 else { return }
    _ = (try? value.string(), try? value.objectPath(), try? value.bool(), try? value.byte(), try? value.uint16())
    _ = (try? value.int16(), try? value.int32(), try? value.uint32(), try? value.bytes(), try? value.stringArray())
    _ = (try? value.objectPathArray(), try? value.vardict(), value.signature, value.unwrapped)
    let children = (try? value.array()) ?? (try? value.structure())
        ?? ((try? value.dictionaryEntries())?.flatMap { [$0.key, $0.value] }) ?? []
    for child in children.prefix(64) { touch(child, depth: depth + 1) }
    if case .variant(let inner) = value { touch(inner, depth: depth + 1) }
}
