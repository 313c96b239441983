internal import CDBus
import Foundation
import ProvSupport

/// A private connection to a message bus, usable from any task.
///
/// All libdbus work happens on the connection's own thread (see `DBusEventLoop`); this type only
/// validates arguments and waits for results. Every call has a deadline. Call `close()` when done
/// (it is also called on deinit, but exported handlers that capture the connection keep it alive).
public final class DBusConnection: Sendable {
    /// Default address of the system bus when `DBUS_SYSTEM_BUS_ADDRESS` is not set.
    public static let defaultSystemBusAddress = "unix:path=/var/run/dbus/system_bus_socket"

    /// The default deadline for method calls (libdbus's own default is 25 s).
    public static let defaultTimeout: Duration = .seconds(25)

    private let loop: DBusEventLoop

    /// This connection's unique bus name (`:1.42`).
    public let uniqueName: String

    private init(loop: DBusEventLoop) {
        self.loop = loop
        self.uniqueName = loop.uniqueName
    }

    deinit {
        loop.shutdown()
    }

    /// Connects to the system bus, honouring `DBUS_SYSTEM_BUS_ADDRESS` (which is how tests point
    /// clients at a private daemon).
    public static func system(environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> DBusConnection {
        let address = environment["DBUS_SYSTEM_BUS_ADDRESS"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultSystemBusAddress
        return try await connect(address: address, environment: environment)
    }

    /// Connects to the bus at `address` (`unix:path=…`, `unix:abstract=…`, …) and registers (Hello).
    ///
    /// This is where libdbus is opened (`ESP_PROV_LIBDBUS` in `environment` names another library
    /// or path); without it the call throws `DBusFailure.libraryNotFound`.
    public static func connect(
        address: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> DBusConnection {
        guard !address.isEmpty, !address.utf8.contains(0) else { throw DBusFailure.connectionFailed("empty bus address") }
        let lib = try LibDBus.open(environment: environment)
        return DBusConnection(loop: try await DBusEventLoop.open(address: address, lib: lib))
    }

    /// Closes the connection. Pending calls fail with `.disconnected`, signal streams finish,
    /// exported objects disappear. Safe to call more than once.
    public func close() {
        loop.shutdown()
    }

    // MARK: Method calls

    /// Calls `interface.member` on `path` at `destination` and returns the reply body.
    ///
    /// Throws `DBusFailure.error` with the remote error name, `.timedOut` when `timeout` passes,
    /// `.disconnected`, `.invalidValue` for arguments that cannot be marshalled, or
    /// `CancellationError` when the task is cancelled.
    public func call(
        destination: String, path: String, interface: String, member: String,
        arguments: [DBusValue] = [], timeout: Duration = DBusConnection.defaultTimeout
    ) async throws -> [DBusValue] {
        try validate(destination: destination, path: path, interface: interface, member: member)
        for argument in arguments { try loop.wire.validate(argument) }
        let milliseconds = Self.milliseconds(timeout)
        let what = "\(interface).\(member) on \(path)"
        let slot = DBusReplySlot<[DBusValue]>()
        return try await slot.wait {
            loop.submit { [loop] connection in
                let serial = Self.send(
                    arguments, on: connection, loop: loop, failing: slot
                ) { loop.lib.dbus_message_new_method_call(destination, path, interface, member) }
                guard let serial else { return }
                loop.addPending(serial: serial, slot: slot, timeoutMilliseconds: milliseconds, what: what)
            }
        }
    }

    // MARK: Signals

    /// Subscribes to signals matching `rule`, delivered in arrival order.
    ///
    /// The match is registered with the daemon before this returns, so nothing emitted after the
    /// call can be missed. It is removed when the stream is terminated (the consumer stops
    /// iterating or is cancelled) or the connection closes (the stream then finishes).
    public func signals(matching rule: DBusMatchRule, timeout: Duration = DBusConnection.defaultTimeout) async throws -> AsyncStream<DBusSignal> {
        try rule.validate(with: loop.wire)
        var owner: String?
        if let sender = rule.sender, !sender.hasPrefix(":") {
            owner = try? await nameOwner(of: sender, timeout: timeout)
        }
        let (stream, continuation) = AsyncStream.makeStream(of: DBusSignal.self)
        let id = loop.makeIdentifier()
        let subscription = DBusEventLoop.Subscription(rule: rule, senderOwner: owner, continuation: continuation)
        loop.submit { [loop] connection in
            if connection == nil { continuation.finish() } else { loop.addSubscription(id, subscription) }
        }
        continuation.onTermination = { [loop] _ in
            loop.submit { [loop] connection in
                // Loop-thread state is only touched when the job runs on the loop (non-nil connection).
                guard let connection, loop.removeSubscription(id) != nil else { return }
                // Fire-and-forget: nobody waits for RemoveMatch's reply.
                guard let message = loop.lib.dbus_message_new_method_call(
                    "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "RemoveMatch") else { return }
                defer { loop.lib.dbus_message_unref(message) }
                loop.lib.dbus_message_set_no_reply(message, 1)
                try? loop.wire.append([.string(rule.ruleString)], to: message)
                _ = loop.send(message, on: connection)
            }
        }
        do {
            _ = try await callBus("AddMatch", [.string(rule.ruleString)], timeout: timeout)
        } catch {
            continuation.finish()
            throw error
        }
        return stream
    }

    /// Sends a signal from `path`.
    public func emitSignal(path: String, interface: String, member: String, arguments: [DBusValue] = []) async throws {
        guard loop.wire.isValidPath(path) else { throw DBusFailure.invalidValue("object path '\(path)'") }
        guard loop.wire.isValidInterface(interface) else { throw DBusFailure.invalidValue("interface '\(interface)'") }
        guard loop.wire.isValidMember(member) else { throw DBusFailure.invalidValue("member '\(member)'") }
        for argument in arguments { try loop.wire.validate(argument) }
        let slot = DBusReplySlot<Bool>()
        _ = try await slot.wait {
            loop.submit { [loop] connection in
                let serial = Self.send(arguments, on: connection, loop: loop, failing: slot) {
                    loop.lib.dbus_message_new_signal(path, interface, member)
                }
                if serial != nil { slot.complete(.success(true)) }
            }
        }
    }

    /// On the loop thread: builds a message with `make`, appends `arguments` and sends it. Returns
    /// its serial, or nil after completing `slot` with why it could not be sent (no connection, out
    /// of memory, arguments that cannot be marshalled, the link gone).
    private static func send<Value>(
        _ arguments: [DBusValue], on connection: OpaquePointer?, loop: DBusEventLoop, failing slot: DBusReplySlot<Value>,
        make: () -> OpaquePointer?
    ) -> UInt32? {
        guard let connection else {
            slot.complete(.failure(DBusFailure.disconnected))
            return nil
        }
        guard let message = make() else {
            slot.complete(.failure(DBusFailure.invalidValue("out of memory")))
            return nil
        }
        defer { loop.lib.dbus_message_unref(message) }
        do {
            try loop.wire.append(arguments, to: message)
        } catch {
            slot.complete(.failure(error))
            return nil
        }
        guard let serial = loop.send(message, on: connection) else {
            slot.complete(.failure(DBusFailure.disconnected))
            return nil
        }
        return serial
    }

    // MARK: Exporting objects

    /// Serves method calls to `path` (and, with `subtree`, every path below it) with `handler`.
    ///
    /// Calls run concurrently, each in its own task; a handler that throws
    /// `DBusFailure.error(name:message:)` produces that error reply, any other error
    /// `org.freedesktop.DBus.Error.Failed`. Calls to paths nobody exports get `UnknownObject`.
    /// The object stays exported until `unexport()` or until the returned handle is released.
    public func export(_ path: String, subtree: Bool = false, handler: @escaping DBusMethodHandler) async throws -> DBusExportedObject {
        guard loop.wire.isValidPath(path) else { throw DBusFailure.invalidValue("object path '\(path)'") }
        let id = loop.makeIdentifier()
        let slot = DBusReplySlot<Bool>()
        let added = try await slot.wait {
            loop.submit { [loop] connection in
                guard connection != nil else { return slot.complete(.failure(DBusFailure.disconnected)) }
                slot.complete(.success(loop.addExport(path: path, .init(id: id, subtree: subtree, handler: handler))))
            }
        }
        guard added else { throw DBusFailure.invalidValue("object path '\(path)' is already exported") }
        return DBusExportedObject(path: path, id: id, loop: loop)
    }

    // MARK: Bus daemon

    /// Claims a well-known name (without queueing behind another owner).
    public func requestName(_ name: String, timeout: Duration = DBusConnection.defaultTimeout) async throws {
        guard loop.wire.isValidBusName(name), !name.hasPrefix(":") else { throw DBusFailure.invalidValue("bus name '\(name)'") }
        let doNotQueue: UInt32 = 4
        let reply = try await callBus("RequestName", [.string(name), .uint32(doNotQueue)], timeout: timeout)
        let code = try reply.argument(0).uint32()
        guard code == 1 || code == 4 else { throw DBusFailure.nameUnavailable(name) }  // primary owner / already owner
    }

    /// Gives up a well-known name.
    public func releaseName(_ name: String, timeout: Duration = DBusConnection.defaultTimeout) async throws {
        guard loop.wire.isValidBusName(name) else { throw DBusFailure.invalidValue("bus name '\(name)'") }
        _ = try await callBus("ReleaseName", [.string(name)], timeout: timeout)
    }

    /// The unique name currently owning `name`; throws `…NameHasNoOwner` when nobody does.
    public func nameOwner(of name: String, timeout: Duration = DBusConnection.defaultTimeout) async throws -> String {
        guard loop.wire.isValidBusName(name) else { throw DBusFailure.invalidValue("bus name '\(name)'") }
        return try await callBus("GetNameOwner", [.string(name)], timeout: timeout).argument(0).string()
    }

    private func callBus(_ member: String, _ arguments: [DBusValue], timeout: Duration) async throws -> [DBusValue] {
        try await call(
            destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus",
            member: member, arguments: arguments, timeout: timeout)
    }

    // MARK: Helpers

    private func validate(destination: String, path: String, interface: String, member: String) throws {
        guard loop.wire.isValidBusName(destination) else { throw DBusFailure.invalidValue("bus name '\(destination)'") }
        guard loop.wire.isValidPath(path) else { throw DBusFailure.invalidValue("object path '\(path)'") }
        guard loop.wire.isValidInterface(interface) else { throw DBusFailure.invalidValue("interface '\(interface)'") }
        guard loop.wire.isValidMember(member) else { throw DBusFailure.invalidValue("member '\(member)'") }
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        max(0, duration.milliseconds)
    }
}

/// An object path served by a `DBusConnection`; unexported on `unexport()` or deinit.
public final class DBusExportedObject: Sendable {
    /// The path it answers on, so the exporter can tell clients where to call it.
    public let path: String
    private let id: UInt64
    private let loop: DBusEventLoop

    init(path: String, id: UInt64, loop: DBusEventLoop) {
        self.path = path
        self.id = id
        self.loop = loop
    }

    deinit {
        unexport()
    }

    /// Stops serving the path (calls then get `UnknownObject`). Safe to call more than once.
    public func unexport() {
        loop.submit { [loop, path, id] connection in
            if connection != nil { loop.removeExport(path: path, id: id) }
        }
    }
}
