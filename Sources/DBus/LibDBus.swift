internal import CDBus
import Foundation

/// libdbus, opened at run time when a connection is made, instead of linked.
///
/// A linked libdbus (with libsystemd, libgcrypt, liblzma, libzstd, liblz4 and libcap behind it) is
/// mapped by the loader on every start of every program that contains this module, although only
/// BLE runs ever use it; opening it here keeps that cost on the BLE path (BENCHMARKS.md). It also
/// lets a machine without libdbus run everything else and turns its absence into
/// `DBusFailure.libraryNotFound` at the point where D-Bus is needed.
///
/// Calls read like direct ones (`lib.dbus_message_unref(message)`); each goes through the table
/// `cdbus_load` filled, whose entries have libdbus's own prototypes.
/// `@unchecked Sendable`: an immutable table of C function pointers, filled once by `cdbus_load`.
@dynamicMemberLookup
struct LibDBus: @unchecked Sendable {
    /// The library's soname (Debian package libdbus-1-3).
    static let defaultLibrary = "libdbus-1.so.3"
    /// Environment variable naming another library or path to open instead (tests use it to
    /// simulate a machine without libdbus).
    static let libraryVariable = "ESP_PROV_LIBDBUS"

    private let functions: CDBusFunctions

    subscript<Function>(dynamicMember function: KeyPath<CDBusFunctions, Function>) -> Function {
        functions[keyPath: function]
    }

    /// Opens the library named by `ESP_PROV_LIBDBUS` in `environment`, or `libdbus-1.so.3`.
    ///
    /// Opening an already opened library only counts a reference, so every connection opens its own.
    static func open(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> LibDBus {
        let library = environment[libraryVariable].flatMap { $0.isEmpty ? nil : $0 } ?? defaultLibrary
        let table = UnsafeMutablePointer<CDBusFunctions>.allocate(capacity: 1)
        defer { table.deallocate() }
        var detail = [CChar](repeating: 0, count: 512)
        let result = cdbus_load(library, table, &detail, detail.count)
        guard result == CDBUS_LOADED else {
            let reason = String(decoding: detail.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw result == CDBUS_NOT_FOUND
                ? DBusFailure.libraryNotFound(library: library, reason: reason)
                : DBusFailure.libraryUnusable(library: library, reason: reason)
        }
        let lib = LibDBus(functions: table.pointee)
        // Real locks: each connection's loop thread and callers' threads share libdbus's global
        // state. Idempotent (libdbus ≥ 1.7), so calling it per open is fine.
        guard lib.dbus_threads_init_default() != 0 else {
            throw DBusFailure.libraryUnusable(library: library, reason: "dbus_threads_init_default failed")
        }
        return lib
    }
}
