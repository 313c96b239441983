extension BLETransport {
    /// The name (`hci0`) of the adapter `connect` would use with `options`: the named one (a name or
    /// an object path), else the first powered one. What esp-prov names its host-wide adapter lock
    /// after, so a run given `--ble_adapter hci0` and one given no adapter (or a batch) take turns on
    /// the same adapter. nil when BlueZ cannot be asked or has no such adapter: connecting will then
    /// fail (or fall back to the console mode) with the full explanation.
    public static func adapterName(options: BLETransportOptions) async -> String? {
        var quiet = options
        quiet.log = nil
        guard let bus = try? await openBus(quiet) else { return nil }
        defer { bus.close() }
        return try? await adapter(bus: bus, options: quiet).name
    }
}
