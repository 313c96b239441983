import DBus
import XCTest

final class DBusTests: XCTestCase {
    private var bus: PrivateBus!
    private var connections: [DBusConnection] = []

    override func setUpWithError() throws {
        bus = try PrivateBus()
    }

    override func tearDown() {
        for connection in connections { connection.close() }
        connections.removeAll()
        bus.stop()
    }

    private func connect() async throws -> DBusConnection {
        let connection = try await DBusConnection.connect(address: bus.address)
        connections.append(connection)
        return connection
    }

    /// A service that echoes its arguments, fails on request, and never answers "Hang".
    private func startEchoService(_ server: DBusConnection) async throws -> DBusExportedObject {
        try await server.requestName("org.example.Echo")
        return try await server.export("/org/example/echo") { call in
            switch call.member {
            case "Echo": return call.arguments
            case "Fail": throw DBusFailure.error(name: "org.bluez.Error.NotReady", message: "Resource Not Ready")
            case "Hang":
                try await Task.sleep(for: .seconds(5))
                return []
            case "Who": return [.string(call.sender)]
            default: throw DBusFailure.error(name: DBusErrorName.unknownMethod, message: call.member)
            }
        }
    }

    private func echo(_ client: DBusConnection, _ arguments: [DBusValue]) async throws -> [DBusValue] {
        try await client.call(
            destination: "org.example.Echo", path: "/org/example/echo", interface: "org.example.Echo",
            member: "Echo", arguments: arguments, timeout: .seconds(5))
    }

    func testNestedValuesRoundTrip() async throws {
        let server = try await connect()
        let client = try await connect()
        let exported = try await startEchoService(server)
        defer { exported.unexport() }

        let managed: DBusManagedObjects = [
            "/org/bluez/hci0": ["org.bluez.Adapter1": ["Powered": .boolean(true), "Address": .string("00:11:22:33:44:55")]],
            "/org/bluez/hci0/dev_AA": [
                "org.bluez.Device1": [
                    "Name": .string("PROV_1A2B3C"), "RSSI": .int16(-42),
                    "UUIDs": .strings(["021a9004-0382-4aea-bff4-6b3f1c5adfb4"]),
                    "ManufacturerData": .dictionary(keySignature: "q", valueSignature: "v", [
                        DBusDictEntry(key: .uint16(0x02E5), value: .variant(.bytes([1, 2, 3]))),
                    ]),
                ],
                "org.freedesktop.DBus.Properties": [:],
            ],
        ]
        let arguments: [DBusValue] = [
            DBusObjectManager.managedObjectsValue(managed),
            .vardict(["type": .string("request"), "offset": .uint16(3), "nested": .variant(.int32(-7))]),
            .bytes(Array(0...255) + Array(repeating: 0, count: 300)),
            .bytes([]),
            .array(elementSignature: "ay", [.bytes([1, 2]), .bytes([]), .bytes([0xff])]),
            .structure([.uint64(.max), .int64(.min), .double(1.5), .signature("a{sv}"), .objectPath("/")]),
            .array(elementSignature: "s", []),
            .byte(7), .uint32(42), .string("héllo ✓"),
        ]
        let reply = try await echo(client, arguments)
        XCTAssertEqual(reply, arguments)
        XCTAssertEqual(try DBusObjectManager.managedObjects(from: reply), managed)
        XCTAssertEqual(try reply[1].vardict()["offset"], .uint16(3))
        XCTAssertEqual(try reply[2].bytes().count, 556)
    }

    func testUnexpectedTypesAreTypedErrors() throws {
        XCTAssertThrowsError(try DBusValue.string("x").bool()) { error in
            XCTAssertEqual(error as? DBusFailure, .unexpectedType(expected: "b", actual: "s"))
        }
        XCTAssertThrowsError(try DBusObjectManager.managedObjects(from: [.vardict(["a": .int32(1)])]))
        XCTAssertThrowsError(try DBusObjectManager.managedObjects(from: []))
        XCTAssertThrowsError(try DBusObjectManager.propertiesChanged([.string("x"), .int32(1)]))
        XCTAssertEqual(try DBusValue.variant(.variant(.string("deep"))).string(), "deep")
    }

    func testInvalidValuesAreRejectedBeforeLibdbusSeesThem() async throws {
        let client = try await connect()
        let cases: [DBusValue] = [
            .string("nul\0inside"),
            .objectPath("not/a/path"),
            .signature("a{"),
            .array(elementSignature: "s", [.int32(1)]),
            .structure([]),
        ]
        for value in cases {
            do {
                _ = try await echo(client, [value])
                XCTFail("accepted \(value)")
            } catch let failure as DBusFailure {
                guard case .invalidValue = failure else { return XCTFail("\(failure)") }
            }
        }
        do {
            _ = try await client.call(destination: "org.example.Echo", path: "bad path", interface: "a.b", member: "C")
            XCTFail("accepted a bad path")
        } catch let failure as DBusFailure {
            guard case .invalidValue = failure else { return XCTFail("\(failure)") }
        }
    }

    func testErrorNamesSurface() async throws {
        let server = try await connect()
        let client = try await connect()
        let exported = try await startEchoService(server)
        defer { exported.unexport() }

        do {
            _ = try await client.call(
                destination: "org.example.Echo", path: "/org/example/echo", interface: "org.example.Echo", member: "Fail")
            XCTFail("no error")
        } catch let failure as DBusFailure {
            XCTAssertEqual(failure, .error(name: "org.bluez.Error.NotReady", message: "Resource Not Ready"))
        }
        do {
            _ = try await client.call(destination: "org.bluez", path: "/", interface: "org.example.X", member: "Y")
            XCTFail("no error")
        } catch let failure as DBusFailure {
            XCTAssertEqual(failure.name, DBusErrorName.serviceUnknown)
        }
        do {
            _ = try await client.call(
                destination: "org.example.Echo", path: "/nowhere", interface: "org.example.Echo", member: "Echo")
            XCTFail("no error")
        } catch let failure as DBusFailure {
            XCTAssertEqual(failure.name, DBusErrorName.unknownObject)
        }
        do {
            _ = try await client.nameOwner(of: "org.example.Nobody")
            XCTFail("no error")
        } catch let failure as DBusFailure {
            XCTAssertEqual(failure.name, DBusErrorName.nameHasNoOwner)
        }
    }

    func testTimeoutFires() async throws {
        let server = try await connect()
        let client = try await connect()
        let exported = try await startEchoService(server)
        defer { exported.unexport() }

        let start = ContinuousClock.now
        do {
            _ = try await client.call(
                destination: "org.example.Echo", path: "/org/example/echo", interface: "org.example.Echo",
                member: "Hang", timeout: .milliseconds(200))
            XCTFail("no timeout")
        } catch let failure as DBusFailure {
            guard case .timedOut = failure else { return XCTFail("\(failure)") }
            XCTAssertEqual(failure.name, DBusErrorName.noReply)
        }
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(2))
        // The connection still works afterwards.
        let reply = try await echo(client, [.string("still alive")])
        XCTAssertEqual(reply, [.string("still alive")])
    }

    func testCancellationEndsTheCall() async throws {
        let server = try await connect()
        let client = try await connect()
        let exported = try await startEchoService(server)
        defer { exported.unexport() }
        let task = Task {
            try await client.call(
                destination: "org.example.Echo", path: "/org/example/echo", interface: "org.example.Echo", member: "Hang")
        }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        do {
            _ = try await task.value
            XCTFail("not cancelled")
        } catch is CancellationError {}
    }

    func testSignalsArriveAndMatchIsRemovedWhenStreamEnds() async throws {
        let server = try await connect()
        let client = try await connect()
        try await server.requestName("org.example.Emitter")

        let changes = try await client.signals(matching: DBusMatchRule(
            sender: "org.example.Emitter", interface: DBusObjectManager.propertiesInterface,
            member: "PropertiesChanged", pathNamespace: "/org/bluez/hci0", arg0: "org.bluez.Device1"))
        let added = try await client.signals(matching: DBusMatchRule(
            sender: "org.example.Emitter", interface: DBusObjectManager.interface, member: "InterfacesAdded"))

        // Not matching (other interface in arg0, other path): must not arrive.
        try await server.emitSignal(
            path: "/org/bluez/hci0/dev_AA", interface: DBusObjectManager.propertiesInterface, member: "PropertiesChanged",
            arguments: DBusObjectManager.propertiesChangedArguments(interface: "org.bluez.Adapter1", changed: ["Powered": .boolean(false)]))
        try await server.emitSignal(
            path: "/org/other", interface: DBusObjectManager.propertiesInterface, member: "PropertiesChanged",
            arguments: DBusObjectManager.propertiesChangedArguments(interface: "org.bluez.Device1", changed: ["RSSI": .int16(-1)]))
        try await server.emitSignal(
            path: "/org/bluez/hci0/dev_AA", interface: DBusObjectManager.propertiesInterface, member: "PropertiesChanged",
            arguments: DBusObjectManager.propertiesChangedArguments(interface: "org.bluez.Device1", changed: ["Connected": .boolean(true)]))
        try await server.emitSignal(
            path: "/", interface: DBusObjectManager.interface, member: "InterfacesAdded",
            arguments: [.objectPath("/org/bluez/hci0/dev_BB"), DBusObjectManager.interfacesValue(["org.bluez.Device1": ["Name": .string("PROV_X")]])])

        var changeIterator = changes.makeAsyncIterator()
        let nextChange = await changeIterator.next()
        let change = try XCTUnwrap(nextChange)
        let parsed = try DBusObjectManager.propertiesChanged(change.arguments)
        XCTAssertEqual(change.path, "/org/bluez/hci0/dev_AA")
        XCTAssertEqual(parsed.changed, ["Connected": .boolean(true)])

        var addedIterator = added.makeAsyncIterator()
        let nextAddition = await addedIterator.next()
        let addition = try XCTUnwrap(nextAddition)
        XCTAssertEqual(try DBusObjectManager.interfacesAdded(addition.arguments).path, "/org/bluez/hci0/dev_BB")

        // Closing the client finishes its streams.
        client.close()
        let end = await changeIterator.next()
        XCTAssertNil(end)
    }

    /// Match rules the daemon holds for `connection` (dbus-daemon's Debug.Stats interface).
    private func matchRules(of connection: DBusConnection, asking observer: DBusConnection) async throws -> UInt32 {
        let reply = try await observer.call(
            destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus.Debug.Stats",
            member: "GetConnectionStats", arguments: [.string(connection.uniqueName)])
        return try reply.argument(0).vardict()["MatchRules"]?.uint32() ?? 0
    }

    private func waitForMatchRules(_ expected: UInt32, of connection: DBusConnection, asking observer: DBusConnection) async throws {
        for _ in 0..<100 {
            if try await matchRules(of: connection, asking: observer) == expected { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        XCTFail("match rules never became \(expected)")
    }

    func testMatchRuleIsRemovedWhenTheStreamEnds() async throws {
        let observer = try await connect()
        let client = try await connect()
        let rule = DBusMatchRule(sender: "org.bluez", interface: DBusObjectManager.interface)

        let consumed = try await client.signals(matching: rule)
        try await waitForMatchRules(1, of: client, asking: observer)
        let task = Task { for await _ in consumed {} }
        task.cancel()
        await task.value
        try await waitForMatchRules(0, of: client, asking: observer)

        do {
            let dropped = try await client.signals(matching: rule)
            try await waitForMatchRules(1, of: client, asking: observer)
            _ = dropped
        }
        try await waitForMatchRules(0, of: client, asking: observer)
    }

    func testExportedObjectsSeeTheCallerAndCanBeUnexported() async throws {
        let server = try await connect()
        let client = try await connect()
        let exported = try await startEchoService(server)
        let reply = try await client.call(
            destination: "org.example.Echo", path: "/org/example/echo", interface: "org.example.Echo", member: "Who")
        XCTAssertEqual(reply, [.string(client.uniqueName)])
        exported.unexport()
        do {
            _ = try await echo(client, [])
            XCTFail("still exported")
        } catch let failure as DBusFailure {
            XCTAssertEqual(failure.name, DBusErrorName.unknownObject)
        }
    }

    func testDaemonGoingAwayFailsCallsWithDisconnected() async throws {
        let server = try await connect()
        let client = try await connect()
        let exported = try await startEchoService(server)
        defer { exported.unexport() }
        let hanging = Task {
            try await client.call(
                destination: "org.example.Echo", path: "/org/example/echo", interface: "org.example.Echo", member: "Hang")
        }
        try await Task.sleep(for: .milliseconds(100))
        bus.stop()
        do {
            _ = try await hanging.value
            XCTFail("no error")
        } catch let failure as DBusFailure {
            XCTAssertEqual(failure, .disconnected)
        }
        do {
            _ = try await echo(client, [])
            XCTFail("no error")
        } catch let failure as DBusFailure {
            XCTAssertEqual(failure, .disconnected)
        }
    }

    func testConnectFailureIsTyped() async throws {
        do {
            _ = try await DBusConnection.connect(address: "unix:path=/nonexistent/esp-prov-test-socket")
            XCTFail("connected")
        } catch let failure as DBusFailure {
            guard case .connectionFailed = failure else { return XCTFail("\(failure)") }
        }
        do {
            _ = try await DBusConnection.system(environment: ["DBUS_SYSTEM_BUS_ADDRESS": "unix:path=/nonexistent/x"])
            XCTFail("connected")
        } catch let failure as DBusFailure {
            guard case .connectionFailed(let why) = failure else { return XCTFail("\(failure)") }
            XCTAssertTrue(why.contains("/nonexistent/x"), why)
        }
    }
}
