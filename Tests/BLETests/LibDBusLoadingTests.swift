import DBus
import FakeBlueZ
import Foundation
import TestSupport
import XCTest

/// libdbus is opened at run time, only when a D-Bus connection is made (`ESP_PROV_LIBDBUS` names
/// another library, which is how these tests take it away): esp-prov must not carry it as a link
/// dependency, and a BLE run on a machine without it must say what to install and exit 3 like
/// every other "Bluetooth unavailable" case.
final class LibDBusLoadingTests: BLETestCase {
    private let missing = "/nonexistent/libdbus-1.so.3"

    func testMissingLibraryIsATypedFailureNamingThePackage() async throws {
        do {
            let bus = try await DBusConnection.connect(address: bus.address, environment: ["ESP_PROV_LIBDBUS": missing])
            bus.close()
            XCTFail("connected without libdbus")
        } catch DBusFailure.libraryNotFound(let library, let reason) {
            XCTAssertEqual(library, missing)
            XCTAssertTrue(reason.contains("No such file"), reason)
            XCTAssertTrue("\(DBusFailure.libraryNotFound(library: library, reason: reason))"
                .hasPrefix("\(missing) not found: install libdbus-1-3"))
        }
    }

    func testALibraryThatIsNotLibdbusIsRefused() async throws {
        do {
            let bus = try await DBusConnection.connect(address: bus.address, environment: ["ESP_PROV_LIBDBUS": "libc.so.6"])
            bus.close()
            XCTFail("connected through libc")
        } catch DBusFailure.libraryUnusable(let library, let reason) {
            XCTAssertEqual(library, "libc.so.6")
            XCTAssertTrue(reason.contains("no function dbus_"), reason)
        }
    }

    func testFuzzEntryPointReportsTheMissingLibraryToo() {
        XCTAssertThrowsError(try DBusMessageBytes.bodyValues([0x6c], environment: ["ESP_PROV_LIBDBUS": missing])) { error in
            guard case DBusFailure.libraryNotFound = error else { return XCTFail("\(error)") }
        }
    }

    func testBLERunWithoutLibdbusIsBluetoothUnavailable() async throws {
        try await startFake()  // bluetoothd is there: only the library is missing
        let arguments = ["--transport", "ble", "--service_name", "PROV_1A2B3C", "--sec_ver", "0", "--ssid", "HomeNet",
                         "--passphrase", "secret123", "--timeout", "5"]
        let environment = ["DBUS_SYSTEM_BUS_ADDRESS": bus.address, "ESP_PROV_LIBDBUS": missing]
        let text = try await Binaries.run("esp-prov", arguments, environment: environment, timeout: 20)
        XCTAssertEqual(text.status, 3, text.output)
        XCTAssertTrue(text.stderr.contains("\(missing) not found: install libdbus-1-3"), text.output)
        XCTAssertTrue(text.stderr.contains("--transport softap"), text.output)
        XCTAssertFalse(text.output.contains("secret123"), text.output)

        let json = try await Binaries.run("esp-prov", arguments + ["--json"], environment: environment, timeout: 20)
        XCTAssertEqual(json.status, 3, json.output)
        let result = try XCTUnwrap(json.stdout.split(separator: "\n").last.map(String.init), json.output)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.utf8)) as? [String: Any], result)
        XCTAssertEqual(object["event"] as? String, "result")
        XCTAssertEqual(object["error"] as? String, "transport")
        XCTAssertTrue((object["message"] as? String ?? "").contains("not found: install libdbus-1-3"), result)
    }

    /// What `ldd esp-prov` prints (the loader's own trace): libdbus and the libraries it drags in
    /// are no longer loaded at start-up.
    func testEspProvDoesNotLoadLibdbusAtStartUp() throws {
        let trace = try Binaries.run("esp-prov", [], environment: ["LD_TRACE_LOADED_OBJECTS": "1"], timeout: 20)
        XCTAssertEqual(trace.status, 0, trace.output)
        XCTAssertTrue(trace.stdout.contains("libc.so.6"), trace.output)
        for library in ["libdbus-1", "libsystemd", "libgcrypt", "liblzma", "libzstd", "liblz4", "libcap"] {
            XCTAssertFalse(trace.stdout.contains(library), "\(library) is loaded at start-up:\n\(trace.stdout)")
        }
    }
}
