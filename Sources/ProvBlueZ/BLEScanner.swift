import ProvClient
import DBus

/// One LE discovery session on an adapter: filter, start, collect, always stop.
struct BLEScanner {
    let bus: DBusConnection
    let adapter: BlueZObjects.Adapter
    let options: BLETransportOptions

    /// Deadline for the small adapter calls (filter, start, stop, snapshot).
    static let callTimeout: Duration = .seconds(10)

    /// Scans until `scanTimeout`, or until the goal device is seen.
    func scan(for goal: BLEDeviceCollector.Goal) async throws -> BLEDeviceCollector {
        let collector = BLEDeviceCollector(adapterPath: adapter.path, goal: goal)
        // Subscribe first: every device object or update after this point reaches the collector.
        let signals = try await bus.signals(matching: DBusMatchRule(sender: BlueZ.service), timeout: Self.callTimeout)
        let consumer = Task {
            for await signal in signals {
                collector.apply(signal)
                if collector.isDone { return }
            }
        }
        defer { consumer.cancel() }

        do {
            _ = try await adapterCall("SetDiscoveryFilter", [.vardict(["Transport": .string("le")])])
        } catch DBusFailure.error(let name, _)
            where name == "org.bluez.Error.NotSupported" || name == DBusErrorName.unknownMethod
        {
            options.verbose("adapter \(adapter.name) does not support discovery filters; scanning unfiltered")
        } catch {
            throw BlueZErrorAdvice.provError(error, doing: "SetDiscoveryFilter on \(adapter.name)", adapter: adapter.name)
        }
        do {
            _ = try await adapterCall("StartDiscovery")
        } catch DBusFailure.error(let name, _) where name == BlueZ.ErrorName.inProgress {
            // Our own earlier session is still running: keep using it.
        } catch {
            throw BlueZErrorAdvice.provError(error, doing: "StartDiscovery on \(adapter.name)", adapter: adapter.name)
        }
        options.verbose("scanning on \(adapter.name) for up to \(options.scanTimeout)")

        do {
            let snapshot = try await bus.managedObjects(destination: BlueZ.service, timeout: Self.callTimeout)
            collector.seed(BlueZObjects(snapshot).devices(on: adapter.path))
            if !collector.isDone {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await consumer.value }
                    group.addTask { try? await Task.sleep(for: options.scanTimeout) }
                    await group.next()
                    group.cancelAll()
                    consumer.cancel()
                }
            }
        } catch {
            await stopDiscovery()
            throw BlueZErrorAdvice.provError(error, doing: "listing BlueZ objects", adapter: adapter.name)
        }
        await stopDiscovery()
        return collector
    }

    /// Always attempted; a failure only matters to the verbose log (bluetoothd stops a client's
    /// discovery by itself when the client disconnects).
    private func stopDiscovery() async {
        do {
            _ = try await adapterCall("StopDiscovery")
        } catch {
            options.verbose("StopDiscovery on \(adapter.name): \(error)")
        }
    }

    private func adapterCall(_ member: String, _ arguments: [DBusValue] = []) async throws -> [DBusValue] {
        try await bus.call(
            destination: BlueZ.service, path: adapter.path, interface: BlueZ.adapterInterface, member: member,
            arguments: arguments, timeout: Self.callTimeout)
    }

    /// Picks the adapter: the named one, else the first powered one.
    static func selectAdapter(_ objects: BlueZObjects, requested: String?) throws -> BlueZObjects.Adapter {
        let adapters = objects.adapters
        guard !adapters.isEmpty else {
            throw ProvError.bluetoothUnavailable(BluetoothUnavailable(.noAdapter))
        }
        if let requested {
            guard let adapter = adapters.first(where: { $0.name == requested || $0.path == requested }) else {
                throw ProvError.transport(TransportFailure(.adapterNotFound(name: requested, available: adapters.map(\.name))))
            }
            guard adapter.powered else { throw ProvError.transport(TransportFailure(.adapterPoweredOff([adapter.name]))) }
            return adapter
        }
        guard let adapter = adapters.first(where: \.powered) else {
            throw ProvError.transport(TransportFailure(.adapterPoweredOff(adapters.map(\.name))))
        }
        return adapter
    }
}
