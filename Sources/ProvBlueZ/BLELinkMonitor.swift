import ProvClient
import DBus
import Foundation

/// Follows one device's `Connected`/`ServicesResolved` through PropertiesChanged signals, so
/// that connecting waits for services without sleeping and an exchange fails the moment the
/// device drops the link instead of running into its timeout.
final class BLELinkMonitor: @unchecked Sendable {
    struct State: Equatable {
        var connected = false
        var servicesResolved = false
    }

    private let lock = NSLock()
    private var state = State()
    private var waiters: [UInt64: (condition: @Sendable (State) -> Bool, continuation: CheckedContinuation<Void, Never>)] = [:]
    private var nextWaiter: UInt64 = 0
    private var consumer: Task<Void, Never>?

    /// Subscribes before returning, so a change that follows (Connect's) cannot be missed.
    static func start(bus: DBusConnection, devicePath: String) async throws -> BLELinkMonitor {
        let changes = try await bus.signals(matching: DBusMatchRule(
            sender: BlueZ.service, interface: DBusObjectManager.propertiesInterface, member: "PropertiesChanged",
            path: devicePath, arg0: BlueZ.deviceInterface))
        let removals = try await bus.signals(matching: DBusMatchRule(
            sender: BlueZ.service, interface: DBusObjectManager.interface, member: "InterfacesRemoved"))
        let monitor = BLELinkMonitor()
        monitor.consumer = Task { [weak monitor] in
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await signal in changes {
                        guard let change = try? DBusObjectManager.propertiesChanged(signal.arguments) else { continue }
                        monitor?.apply(change.changed)
                    }
                }
                group.addTask {
                    for await signal in removals {
                        guard let removed = try? DBusObjectManager.interfacesRemoved(signal.arguments),
                              removed.path == devicePath, removed.interfaces.contains(BlueZ.deviceInterface) else { continue }
                        monitor?.apply(["Connected": .boolean(false), "ServicesResolved": .boolean(false)])
                    }
                }
            }
            // The bus connection closed: nothing will tell us about the link any more.
            monitor?.apply(["Connected": .boolean(false), "ServicesResolved": .boolean(false)])
        }
        return monitor
    }

    var current: State {
        lock.lock()
        defer { lock.unlock() }
        return state
    }

    /// Applies `Device1` property values (from a signal or a `GetManagedObjects` snapshot).
    func apply(_ properties: DBusProperties) {
        lock.lock()
        if let connected = try? properties["Connected"]?.bool() { state.connected = connected }
        if let resolved = try? properties["ServicesResolved"]?.bool() { state.servicesResolved = resolved }
        let now = state
        var ready: [CheckedContinuation<Void, Never>] = []
        for (id, waiter) in waiters where waiter.condition(now) {
            ready.append(waiter.continuation)
            waiters.removeValue(forKey: id)
        }
        lock.unlock()
        for continuation in ready { continuation.resume() }
    }

    /// Returns once `condition` holds (or the task is cancelled).
    func wait(until condition: @escaping @Sendable (State) -> Bool) async {
        let id = lock.withLock {
            nextWaiter += 1
            return nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                lock.lock()
                if condition(state) || Task.isCancelled {
                    lock.unlock()
                    continuation.resume()
                    return
                }
                waiters[id] = (condition, continuation)
                lock.unlock()
            }
        } onCancel: {
            lock.lock()
            let waiter = waiters.removeValue(forKey: id)
            lock.unlock()
            waiter?.continuation.resume()
        }
    }

    /// Ends the subscriptions (their matches are removed) and releases every waiter.
    func stop() {
        consumer?.cancel()
        lock.lock()
        let all = waiters.values.map(\.continuation)
        waiters.removeAll()
        lock.unlock()
        for continuation in all { continuation.resume() }
    }
}
