import CDBus
import Foundation
import TestSupport
import XCTest

/// Sources/CDBus/shim.h declares the part of libdbus the DBus module uses instead of including
/// <dbus/dbus.h> (whose include paths would need unsafeFlags). These tests hold those declarations
/// to the installed libdbus headers: every prototype, and the layouts and constants Swift sees.
final class CDBusDeclarationTests: XCTestCase {
    private static let shimDirectory = Repository.root.appendingPathComponent("Sources/CDBus")

    /// `-I` flags for the installed <dbus/dbus.h>.
    private func dbusHeaderFlags() throws -> [String] {
        let result = try Binaries.run(executable: URL(fileURLWithPath: "/usr/bin/env"), ["pkg-config", "--cflags", "dbus-1"])
        guard result.status == 0 else {
            throw MissingTool(description: "pkg-config finds no dbus-1 (make deps installs libdbus-1-dev): \(result.output)")
        }
        return result.stdout.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    private func clang(_ arguments: [String]) throws -> ProcessResult {
        try Binaries.run(executable: URL(fileURLWithPath: "/usr/bin/env"), ["clang"] + arguments, timeout: 120)
    }

    /// The shim's prototypes, compiled after libdbus's own: C rejects any redeclaration whose
    /// parameter or result types differ, so each table field's type is libdbus's.
    func testEveryPrototypeMatchesLibdbus() throws {
        let directory = try Repository.temporaryDirectory(for: self)
        let source = directory.appendingPathComponent("prototypes.c")
        try """
            #include <dbus/dbus.h>
            #include <dlfcn.h>
            #include <stdio.h>
            #define CDBUS_CHECK_AGAINST_LIBDBUS 1
            #include "shim.h"

            """.write(to: source, atomically: true, encoding: .utf8)
        let result = try clang(
            ["-fsyntax-only", "-Wno-nullability-completeness", "-I", Self.shimDirectory.path] + dbusHeaderFlags() + [source.path])
        XCTAssertEqual(result.status, 0, "shim.h disagrees with <dbus/dbus.h>:\n\(result.output)")
    }

    /// Sizes, alignments and field offsets of the structures Swift allocates for libdbus, and the
    /// constants it compares against, as a C program built on <dbus/dbus.h> prints them.
    func testLayoutsAndConstantsMatchLibdbus() throws {
        let directory = try Repository.temporaryDirectory(for: self)
        let source = directory.appendingPathComponent("layout.c")
        let program = directory.appendingPathComponent("layout")
        let lines = Self.expectations.map { name, _ in #"    printf("\#(name)=%lld\n", (long long)(\#(name)));"# }
        try (["#include <dbus/dbus.h>", "#include <stddef.h>", "#include <stdio.h>", "int main(void) {"] + lines
            + ["    return 0;", "}", ""]).joined(separator: "\n").write(to: source, atomically: true, encoding: .utf8)
        let compiled = try clang(dbusHeaderFlags() + [source.path, "-o", program.path])
        XCTAssertEqual(compiled.status, 0, compiled.output)
        guard compiled.status == 0 else { return }
        let printed = try Binaries.run(executable: program, [])
        XCTAssertEqual(printed.status, 0, printed.output)

        var libdbus: [String: Int64] = [:]
        for line in printed.stdout.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let value = Int64(parts[1]) { libdbus[String(parts[0])] = value }
        }
        let shim = Dictionary(uniqueKeysWithValues: Self.expectations.map { ($0.0, $0.1) })
        XCTAssertEqual(shim.count, Self.expectations.count, "a name is listed twice")
        for name in shim.keys.sorted() {
            XCTAssertEqual(shim[name], libdbus[name], "\(name): shim.h says \(shim[name]!), libdbus \(libdbus[name].map(String.init) ?? "nothing")")
        }
    }

    /// Each C expression, with its value as Swift sees it through CDBus.
    private static let expectations: [(String, Int64)] = [
        ("sizeof(DBusError)", Int64(MemoryLayout<DBusError>.size)),
        ("_Alignof(DBusError)", Int64(MemoryLayout<DBusError>.alignment)),
        ("offsetof(DBusError, message)", Int64(MemoryLayout<DBusError>.offset(of: \.message)!)),
        ("offsetof(DBusError, padding1)", Int64(MemoryLayout<DBusError>.offset(of: \.padding1)!)),
        ("sizeof(DBusMessageIter)", Int64(MemoryLayout<DBusMessageIter>.size)),
        ("_Alignof(DBusMessageIter)", Int64(MemoryLayout<DBusMessageIter>.alignment)),
        ("offsetof(DBusMessageIter, dummy3)", Int64(MemoryLayout<DBusMessageIter>.offset(of: \.dummy3)!)),
        ("offsetof(DBusMessageIter, pad2)", Int64(MemoryLayout<DBusMessageIter>.offset(of: \.pad2)!)),
        ("offsetof(DBusMessageIter, pad3)", Int64(MemoryLayout<DBusMessageIter>.offset(of: \.pad3)!)),
        ("sizeof(DBusBasicValue)", Int64(MemoryLayout<DBusBasicValue>.size)),
        ("_Alignof(DBusBasicValue)", Int64(MemoryLayout<DBusBasicValue>.alignment)),
        ("sizeof(dbus_bool_t)", Int64(MemoryLayout<dbus_bool_t>.size)),
        ("sizeof(dbus_int64_t)", Int64(MemoryLayout<dbus_int64_t>.size)),
        ("DBUS_WATCH_READABLE", Int64(DBUS_WATCH_READABLE.rawValue)),
        ("DBUS_WATCH_WRITABLE", Int64(DBUS_WATCH_WRITABLE.rawValue)),
        ("DBUS_WATCH_ERROR", Int64(DBUS_WATCH_ERROR.rawValue)),
        ("DBUS_WATCH_HANGUP", Int64(DBUS_WATCH_HANGUP.rawValue)),
        ("DBUS_DISPATCH_DATA_REMAINS", Int64(DBUS_DISPATCH_DATA_REMAINS.rawValue)),
        ("DBUS_DISPATCH_COMPLETE", Int64(DBUS_DISPATCH_COMPLETE.rawValue)),
        ("DBUS_DISPATCH_NEED_MEMORY", Int64(DBUS_DISPATCH_NEED_MEMORY.rawValue)),
        ("DBUS_HANDLER_RESULT_HANDLED", Int64(DBUS_HANDLER_RESULT_HANDLED.rawValue)),
        ("DBUS_HANDLER_RESULT_NOT_YET_HANDLED", Int64(DBUS_HANDLER_RESULT_NOT_YET_HANDLED.rawValue)),
        ("DBUS_HANDLER_RESULT_NEED_MEMORY", Int64(DBUS_HANDLER_RESULT_NEED_MEMORY.rawValue)),
        ("DBUS_MESSAGE_TYPE_INVALID", Int64(DBUS_MESSAGE_TYPE_INVALID)),
        ("DBUS_MESSAGE_TYPE_METHOD_CALL", Int64(DBUS_MESSAGE_TYPE_METHOD_CALL)),
        ("DBUS_MESSAGE_TYPE_METHOD_RETURN", Int64(DBUS_MESSAGE_TYPE_METHOD_RETURN)),
        ("DBUS_MESSAGE_TYPE_ERROR", Int64(DBUS_MESSAGE_TYPE_ERROR)),
        ("DBUS_MESSAGE_TYPE_SIGNAL", Int64(DBUS_MESSAGE_TYPE_SIGNAL)),
    ]
}

/// A tool or library the test needs is not installed: the test fails saying which.
struct MissingTool: Error, CustomStringConvertible {
    let description: String
}
