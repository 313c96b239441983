internal import CDBus
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Owns one libdbus connection and the only thread that ever touches it.
///
/// Callers hand work to the thread as jobs (closures run in FIFO order). The thread sleeps in
/// `poll()` on the connection's socket(s) and an eventfd that `submit` rings, runs libdbus's
/// watches and timeouts, and dispatches incoming messages: replies complete `DBusReplySlot`s,
/// signals go to subscriptions, method calls go to exported objects.
/// `@unchecked Sendable`: `jobs`, `accepting` and `nextIdentifier` are guarded by `lock`; the rest is touched only on the loop thread.
final class DBusEventLoop: @unchecked Sendable {
    /// A job gets the connection, or nil when the loop has ended and the job must fail its caller.
    typealias Job = (OpaquePointer?) -> Void

    struct PendingCall {
        let slot: DBusReplySlot<[DBusValue]>
        let due: Int64
        let what: String
    }

    struct Subscription {
        let rule: DBusMatchRule
        let senderOwner: String?
        let continuation: AsyncStream<DBusSignal>.Continuation
    }

    struct Export {
        let id: UInt64
        let subtree: Bool
        let handler: DBusMethodHandler
    }

    // Shared with submitting threads, under `lock`.
    private let lock = NSLock()
    private var jobs: [Job] = []
    private var accepting = true
    private var nextIdentifier: UInt64 = 1
    /// Self-pipe: `submit` writes a byte to `wakeWriteFD` to interrupt `poll()`.
    private let wakeReadFD: Int32
    private let wakeWriteFD: Int32

    // Loop-thread state.
    private var connection: OpaquePointer?
    private var watches: [OpaquePointer] = []
    private var timeouts: [(timeout: OpaquePointer, due: Int64)] = []
    private var pending: [UInt32: PendingCall] = [:]
    private var subscriptions: [UInt64: Subscription] = [:]
    private var exports: [String: Export] = [:]
    private var stopRequested = false

    private(set) var uniqueName = ""

    /// The opened libdbus, and the marshalling built on it.
    let lib: LibDBus
    let wire: DBusWire

    private init(lib: LibDBus) {
        self.lib = lib
        self.wire = DBusWire(lib: lib)
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
        }
        wakeReadFD = fds[0]
        wakeWriteFD = fds[1]
    }

    private func closeWakePipe() {
        close(wakeReadFD)
        close(wakeWriteFD)
    }

    /// Connects to `address` through `lib`, registers with the bus (Hello) and starts the loop thread.
    static func open(address: String, lib: LibDBus) async throws -> DBusEventLoop {
        let loop = DBusEventLoop(lib: lib)
        guard loop.wakeReadFD >= 0 else { throw DBusFailure.connectionFailed("pipe: \(String(cString: strerror(errno)))") }
        let ready = DBusReplySlot<String>()
        _ = try await ready.wait {
            let thread = Thread {
                loop.threadMain(address: address, ready: ready)
            }
            thread.name = "dbus-loop"
            thread.start()
        }
        return loop
    }

    // MARK: Submitting work

    /// Queues `job` for the loop thread. After shutdown the job runs at once with a nil connection.
    func submit(_ job: @escaping Job) {
        lock.lock()
        guard accepting else {
            lock.unlock()
            job(nil)
            return
        }
        jobs.append(job)
        lock.unlock()
        var one: UInt8 = 1
        _ = write(wakeWriteFD, &one, 1)
    }

    func makeIdentifier() -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        nextIdentifier += 1
        return nextIdentifier
    }

    /// Asks the loop to close the connection and end; pending calls fail with `.disconnected`.
    func shutdown() {
        submit { [self] connection in
            if connection != nil { stopRequested = true }
        }
    }

    // MARK: Operations used by DBusConnection (run on the loop thread)

    func send(_ message: OpaquePointer, on connection: OpaquePointer) -> UInt32? {
        var serial: UInt32 = 0
        guard lib.dbus_connection_send(connection, message, &serial) != 0 else { return nil }
        return serial
    }

    func addPending(serial: UInt32, slot: DBusReplySlot<[DBusValue]>, timeoutMilliseconds: Int64, what: String) {
        pending[serial] = PendingCall(slot: slot, due: DBusEventLoop.now() + timeoutMilliseconds, what: what)
    }

    func addSubscription(_ id: UInt64, _ subscription: Subscription) {
        subscriptions[id] = subscription
    }

    func removeSubscription(_ id: UInt64) -> Subscription? {
        subscriptions.removeValue(forKey: id)
    }

    func addExport(path: String, _ export: Export) -> Bool {
        guard exports[path] == nil else { return false }
        exports[path] = export
        return true
    }

    func removeExport(path: String, id: UInt64) {
        if exports[path]?.id == id { exports.removeValue(forKey: path) }
    }

    // MARK: Thread body

    private func threadMain(address: String, ready: DBusReplySlot<String>) {
        do {
            try connect(address: address)
            ready.complete(.success(uniqueName))
        } catch {
            lock.lock()
            accepting = false
            lock.unlock()
            closeWakePipe()
            ready.complete(.failure(error))
            return
        }
        run()
        teardown()
    }

    private func connect(address: String) throws {
        var error = DBusError()
        lib.dbus_error_init(&error)
        defer { lib.dbus_error_free(&error) }
        guard let connection = lib.dbus_connection_open_private(address, &error) else {
            throw DBusFailure.connectionFailed(Self.describe(error, fallback: "cannot open \(address)"))
        }
        lib.dbus_connection_set_exit_on_disconnect(connection, 0)
        guard lib.dbus_bus_register(connection, &error) != 0 else {
            lib.dbus_connection_close(connection)
            lib.dbus_connection_unref(connection)
            throw DBusFailure.connectionFailed(Self.describe(error, fallback: "bus registration failed"))
        }
        uniqueName = lib.dbus_bus_get_unique_name(connection).map { String(cString: $0) } ?? ""
        self.connection = connection
        let me = Unmanaged.passUnretained(self).toOpaque()
        _ = lib.dbus_connection_add_filter(connection, Self.filter, me, nil)
        _ = lib.dbus_connection_set_watch_functions(connection, { watch, data in
            guard let watch, let data else { return 0 }
            Unmanaged<DBusEventLoop>.fromOpaque(data).takeUnretainedValue().watches.append(watch)
            return 1
        }, { watch, data in
            guard let watch, let data else { return }
            Unmanaged<DBusEventLoop>.fromOpaque(data).takeUnretainedValue().watches.removeAll { $0 == watch }
        }, nil, me, nil)
        _ = lib.dbus_connection_set_timeout_functions(connection, { timeout, data in
            guard let timeout, let data else { return 0 }
            let loop = Unmanaged<DBusEventLoop>.fromOpaque(data).takeUnretainedValue()
            loop.timeouts.append((timeout, DBusEventLoop.now() + Int64(loop.lib.dbus_timeout_get_interval(timeout))))
            return 1
        }, { timeout, data in
            guard let timeout, let data else { return }
            Unmanaged<DBusEventLoop>.fromOpaque(data).takeUnretainedValue().timeouts.removeAll { $0.timeout == timeout }
        }, { timeout, data in
            guard let timeout, let data else { return }
            let loop = Unmanaged<DBusEventLoop>.fromOpaque(data).takeUnretainedValue()
            if let index = loop.timeouts.firstIndex(where: { $0.timeout == timeout }) {
                loop.timeouts[index].due = DBusEventLoop.now() + Int64(loop.lib.dbus_timeout_get_interval(timeout))
            }
        }, me, nil)
    }

    private func run() {
        while true {
            runJobs()
            guard let connection, !stopRequested else { return }
            while lib.dbus_connection_dispatch(connection) == DBUS_DISPATCH_DATA_REMAINS {}
            guard lib.dbus_connection_get_is_connected(connection) != 0 else { return }
            runJobs()
            if stopRequested { return }

            let now = DBusEventLoop.now()
            expirePending(now: now)
            var fds = [pollfd(fd: wakeReadFD, events: Int16(POLLIN), revents: 0)]
            var polled: [OpaquePointer] = []
            for watch in watches where lib.dbus_watch_get_enabled(watch) != 0 {
                let flags = lib.dbus_watch_get_flags(watch)
                var events: Int16 = 0
                if flags & DBUS_WATCH_READABLE.rawValue != 0 { events |= Int16(POLLIN) }
                if flags & DBUS_WATCH_WRITABLE.rawValue != 0 { events |= Int16(POLLOUT) }
                fds.append(pollfd(fd: lib.dbus_watch_get_unix_fd(watch), events: events, revents: 0))
                polled.append(watch)
            }
            let wait = nextDue().map { Int32(clamping: max(0, $0 - now)) } ?? -1
            let count = poll(&fds, nfds_t(fds.count), wait)
            if count < 0 && errno != EINTR { return }
            if fds[0].revents != 0 {
                var buffer = [UInt8](repeating: 0, count: 256)
                while read(wakeReadFD, &buffer, buffer.count) > 0 {}
            }
            for (index, watch) in polled.enumerated() {
                let revents = fds[index + 1].revents
                guard revents != 0, watches.contains(watch) else { continue }
                var flags: UInt32 = 0
                if revents & Int16(POLLIN) != 0 { flags |= DBUS_WATCH_READABLE.rawValue }
                if revents & Int16(POLLOUT) != 0 { flags |= DBUS_WATCH_WRITABLE.rawValue }
                if revents & Int16(POLLERR) != 0 { flags |= DBUS_WATCH_ERROR.rawValue }
                if revents & Int16(POLLHUP) != 0 { flags |= DBUS_WATCH_HANGUP.rawValue }
                _ = lib.dbus_watch_handle(watch, flags)
            }
            let after = DBusEventLoop.now()
            for entry in timeouts where entry.due <= after && lib.dbus_timeout_get_enabled(entry.timeout) != 0 {
                if let index = timeouts.firstIndex(where: { $0.timeout == entry.timeout }) {
                    timeouts[index].due = after + Int64(lib.dbus_timeout_get_interval(entry.timeout))
                    _ = lib.dbus_timeout_handle(entry.timeout)
                }
            }
        }
    }

    private func runJobs() {
        while true {
            lock.lock()
            let batch = jobs
            jobs.removeAll()
            lock.unlock()
            if batch.isEmpty { return }
            for job in batch { job(connection) }
        }
    }

    private func nextDue() -> Int64? {
        let timeoutDue = timeouts.filter { lib.dbus_timeout_get_enabled($0.timeout) != 0 }.map(\.due).min()
        let callDue = pending.values.map(\.due).min()
        switch (timeoutDue, callDue) {
        case let (a?, b?): return min(a, b)
        case let (a?, nil): return a
        case let (nil, b?): return b
        default: return nil
        }
    }

    private func expirePending(now: Int64) {
        for (serial, call) in pending where call.due <= now {
            pending.removeValue(forKey: serial)
            call.slot.complete(.failure(DBusFailure.timedOut(call.what)))
        }
    }

    /// Closes the connection and fails everything still waiting on it.
    private func teardown() {
        lock.lock()
        accepting = false
        let leftover = jobs
        jobs.removeAll()
        lock.unlock()
        if let connection {
            lib.dbus_connection_remove_filter(connection, Self.filter, Unmanaged.passUnretained(self).toOpaque())
            _ = lib.dbus_connection_set_watch_functions(connection, nil, nil, nil, nil, nil)
            _ = lib.dbus_connection_set_timeout_functions(connection, nil, nil, nil, nil, nil)
            lib.dbus_connection_close(connection)
            lib.dbus_connection_unref(connection)
        }
        connection = nil
        watches.removeAll()
        timeouts.removeAll()
        exports.removeAll()
        for call in pending.values { call.slot.complete(.failure(DBusFailure.disconnected)) }
        pending.removeAll()
        let streams = subscriptions.values
        subscriptions.removeAll()
        for subscription in streams { subscription.continuation.finish() }
        for job in leftover { job(nil) }
        closeWakePipe()
    }

    // MARK: Incoming messages

    /// The one filter installed on the connection; `data` is the unretained loop.
    private static let filter: DBusHandleMessageFunction = { _, message, data in
        guard let message, let data else { return DBUS_HANDLER_RESULT_NOT_YET_HANDLED }
        return Unmanaged<DBusEventLoop>.fromOpaque(data).takeUnretainedValue().handle(message)
    }

    private func handle(_ message: OpaquePointer) -> DBusHandlerResult {
        switch lib.dbus_message_get_type(message) {
        case DBUS_MESSAGE_TYPE_METHOD_RETURN, DBUS_MESSAGE_TYPE_ERROR:
            return handleReply(message)
        case DBUS_MESSAGE_TYPE_SIGNAL:
            handleSignal(message)
            return DBUS_HANDLER_RESULT_HANDLED
        case DBUS_MESSAGE_TYPE_METHOD_CALL:
            handleMethodCall(message)
            return DBUS_HANDLER_RESULT_HANDLED
        default:
            return DBUS_HANDLER_RESULT_NOT_YET_HANDLED
        }
    }

    private func handleReply(_ message: OpaquePointer) -> DBusHandlerResult {
        guard let call = pending.removeValue(forKey: lib.dbus_message_get_reply_serial(message)) else {
            return DBUS_HANDLER_RESULT_HANDLED  // late reply to a call that timed out or was cancelled
        }
        if lib.dbus_message_get_type(message) == DBUS_MESSAGE_TYPE_ERROR {
            let name = lib.dbus_message_get_error_name(message).map { String(cString: $0) } ?? DBusErrorName.failed
            let text = (try? wire.read(message))?.first.flatMap { try? $0.string() } ?? ""
            call.slot.complete(.failure(DBusFailure.error(name: name, message: text)))
        } else {
            call.slot.complete(Result { try wire.read(message) })
        }
        return DBUS_HANDLER_RESULT_HANDLED
    }

    private static func field(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private func handleSignal(_ message: OpaquePointer) {
        let interface = Self.field(lib.dbus_message_get_interface(message))
        let member = Self.field(lib.dbus_message_get_member(message))
        if interface == "org.freedesktop.DBus.Local" && member == "Disconnected" {
            return  // the run loop notices the closed connection and tears down
        }
        guard !subscriptions.isEmpty, let arguments = try? wire.read(message) else { return }
        let signal = DBusSignal(
            sender: Self.field(lib.dbus_message_get_sender(message)),
            path: Self.field(lib.dbus_message_get_path(message)),
            interface: interface, member: member, arguments: arguments)
        for subscription in subscriptions.values where subscription.rule.matches(signal, senderOwner: subscription.senderOwner) {
            subscription.continuation.yield(signal)
        }
    }

    private func exportFor(path: String) -> Export? {
        if let exact = exports[path] { return exact }
        var best: (length: Int, export: Export)?
        for (prefix, export) in exports where export.subtree && DBusMatchRule.path(path, isIn: prefix) {
            if best == nil || prefix.count > best!.length { best = (prefix.count, export) }
        }
        return best?.export
    }

    private func handleMethodCall(_ message: OpaquePointer) {
        let path = Self.field(lib.dbus_message_get_path(message))
        guard let export = exportFor(path: path) else {
            reply(to: message, error: DBusErrorName.unknownObject, text: "No such object path '\(path)'")
            return
        }
        let arguments: [DBusValue]
        do {
            arguments = try wire.read(message)
        } catch {
            reply(to: message, error: DBusErrorName.invalidArgs, text: "\(error)")
            return
        }
        let call = DBusMethodCall(
            sender: Self.field(lib.dbus_message_get_sender(message)), path: path,
            interface: Self.field(lib.dbus_message_get_interface(message)),
            member: Self.field(lib.dbus_message_get_member(message)), arguments: arguments)
        let request = MessageReference(message, lib: lib)
        Task { [self] in
            let outcome: Result<[DBusValue], Error>
            do {
                outcome = .success(try await export.handler(call))
            } catch {
                outcome = .failure(error)
            }
            submit { [self] connection in
                defer { request.release() }
                guard connection != nil else { return }
                switch outcome {
                case .success(let values):
                    reply(to: request.message, values: values)
                case .failure(DBusFailure.error(let name, let text)):
                    reply(to: request.message, error: name, text: text)
                case .failure(let error):
                    reply(to: request.message, error: DBusErrorName.failed, text: "\(error)")
                }
            }
        }
    }

    private func reply(to request: OpaquePointer, values: [DBusValue]) {
        guard let connection, lib.dbus_message_get_no_reply(request) == 0 else { return }
        guard let reply = lib.dbus_message_new_method_return(request) else { return }
        defer { lib.dbus_message_unref(reply) }
        do {
            try wire.append(values, to: reply)
        } catch {
            self.reply(to: request, error: DBusErrorName.failed, text: "reply could not be marshalled: \(error)")
            return
        }
        _ = send(reply, on: connection)
    }

    private func reply(to request: OpaquePointer, error name: String, text: String) {
        guard let connection, lib.dbus_message_get_no_reply(request) == 0 else { return }
        let safeName = wire.isValidErrorName(name) ? name : DBusErrorName.failed
        let safeText = String(text.unicodeScalars.filter { $0 != "\0" })
        guard let reply = lib.dbus_message_new_error(request, safeName, safeText) else { return }
        defer { lib.dbus_message_unref(reply) }
        _ = send(reply, on: connection)
    }

    // MARK: Helpers

    static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    static func describe(_ error: DBusError, fallback: String) -> String {
        guard let name = error.name else { return fallback }
        let message = error.message.map { String(cString: $0) } ?? ""
        return "\(String(cString: name)): \(message)"
    }
}

/// Keeps a received method call alive (one libdbus reference) until its reply has been sent.
/// `@unchecked Sendable`: immutable; referenced and released on the loop thread, the handler's task only carries it.
private final class MessageReference: @unchecked Sendable {
    let message: OpaquePointer
    private let lib: LibDBus

    init(_ message: OpaquePointer, lib: LibDBus) {
        self.lib = lib
        self.message = message
        _ = lib.dbus_message_ref(message)
    }

    func release() {
        lib.dbus_message_unref(message)
    }
}
