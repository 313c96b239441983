import ProvClient
import DBus
import Foundation
import Synchronization

/// Follows one device's `Connected`/`ServicesResolved` through PropertiesChanged signals, so
/// that connecting waits for services without sleeping and an exchange fails the moment the
/// device drops the link instead of running into its timeout.
final class BLELinkMonitor: Sendable {
    struct State: Equatable {
        var connected = false
        var servicesResolved = false
    }

    /// Everything that changes, behind one lock: the link state, the tasks waiting on it, and the
    /// signal consumer (set once `start` has subscribed).
    private struct Guarded {
        var state = State()
        var waiters: [UInt64: (condition: @Sendable (State) -> Bool, continuation: CheckedContinuation<Void, Never>)] = [:]
        var nextWaiter: UInt64 = 0
        var consumer: Task<Void, Never>?
    }

    private let guarded = Mutex(Guarded())

    /// Subscribes before returning, so a change that follows (Connect's) cannot be missed.
    static func start(bus: DBusConnection, devicePath: String) async throws -> BLELinkMonitor {
        let changes = try await bus.signals(matching: DBusMatchRule(
            sender: BlueZ.service, interface: DBusObjectManager.propertiesInterface, member: "PropertiesChanged",
            path: devicePath, arg0: BlueZ.deviceInterface))
        let removals = try await bus.signals(matching: DBusMatchRule(
            sender: BlueZ.service, interface: DBusObjectManager.interface, member: "InterfacesRemoved"))
        let monitor = BLELinkMonitor()
        let consumer = Task { [weak monitor] in
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
        monitor.guarded.withLock { $0.consumer = consumer }
        return monitor
    }

    var current: State {
        guarded.withLock { $0.state }
    }

    /// Applies `Device1` property values (from a signal or a `GetManagedObjects` snapshot).
    func apply(_ properties: DBusProperties) {
        let ready = guarded.withLock { guarded -> [CheckedContinuation<Void, Never>] in
            if let connected = try? properties["Connected"]?.bool() { guarded.state.connected = connected }
            if let resolved = try? properties["ServicesResolved"]?.bool() { guarded.state.servicesResolved = resolved }
            let now = guarded.state
            var ready: [CheckedContinuation<Void, Never>] = []
            for (id, waiter) in guarded.waiters where waiter.condition(now) {
                ready.append(waiter.continuation)
                guarded.waiters.removeValue(forKey: id)
            }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }

    /// Returns once `condition` holds (or the task is cancelled).
    func wait(until condition: @escaping @Sendable (State) -> Bool) async {
        let id = guarded.withLock { guarded in
            guarded.nextWaiter += 1
            return guarded.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let holds = guarded.withLock { guarded -> Bool in
                    if condition(guarded.state) || Task.isCancelled { return true }
                    guarded.waiters[id] = (condition, continuation)
                    return false
                }
                if holds { continuation.resume() }
            }
        } onCancel: {
            guarded.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume()
        }
    }

    /// Ends the subscriptions (their matches are removed) and releases every waiter.
    func stop() {
        let (consumer, all) = guarded.withLock { guarded in
            defer { guarded.waiters.removeAll() }
            return (guarded.consumer, guarded.waiters.values.map(\.continuation))
        }
        consumer?.cancel()
        for continuation in all { continuation.resume() }
    }
}
