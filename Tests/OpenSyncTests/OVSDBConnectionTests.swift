import Foundation
import OVSDB
import UntrustedJSON
import XCTest

/// The RFC 7047 client: against the real ovsdb-server (transact, monitor, errors) and against a
/// scripted peer for what a real server never does (garbage, truncation, endless messages, silence).
final class OVSDBConnectionTests: XCTestCase {
    private var server: OVSDBServerProcess!

    override func setUpWithError() throws {
        server = try OVSDBServerProcess()
    }

    override func tearDown() {
        server?.stop()
    }

    private func connect(_ endpoint: String, maxMessageBytes: Int = 16 << 20) async throws -> OVSDBConnection {
        try await OVSDBConnection.connect(to: try OVSDBEndpoint(parsing: endpoint), timeout: .seconds(5), maxMessageBytes: maxMessageBytes)
    }

    func testMonitorReportsRowsThenTheirChanges() async throws {
        let connection = try await connect(server.endpoint)
        defer { Task { await connection.close() } }
        let initial = try await connection.monitor(
            "Open_vSwitch", id: "m", requests: ["Wifi_VIF_State": ["columns": ["if_name", "wps_pbc"]]], timeout: .seconds(5))
        XCTAssertEqual(initial.tables, [:])
        let results = try await connection.transact(
            "Open_vSwitch", [["op": "insert", "table": "Wifi_VIF_State", "row": ["if_name": "wl0", "wps_pbc": true]]], timeout: .seconds(5))
        let uuid = try OVSDBDatum.uuid(results.first?["uuid"], column: "uuid")
        let update = try await connection.nextUpdate(until: .now + .seconds(5))
        XCTAssertEqual(update.monitor, "m")
        let row = try XCTUnwrap(update.updates.tables["Wifi_VIF_State"]?[uuid]?.new)
        XCTAssertEqual(try OVSDBDatum.optionalBool(row["wps_pbc"], column: "wps_pbc"), true)
        XCTAssertEqual(try OVSDBDatum.optionalString(row["if_name"], column: "if_name"), "wl0")
    }

    func testRejectedOperationNamesItsIndexAndError() async throws {
        let connection = try await connect(server.endpoint)
        defer { Task { await connection.close() } }
        do {
            _ = try await connection.transact(
                "Open_vSwitch", [["op": "insert", "table": "Wifi_VIF_State", "row": ["if_name": "wl0"]],
                                 ["op": "insert", "table": "Wifi_VIF_State", "row": ["no_such_column": 1]]], timeout: .seconds(5))
            XCTFail("the server accepted an unknown column")
        } catch OVSDBError.transactionFailed(let operation, let error, _) {
            XCTAssertEqual(operation, 1)
            XCTAssertEqual(error, "unknown column")
        }
    }

    func testUnknownDatabaseIsAnRPCError() async throws {
        let connection = try await connect(server.endpoint)
        defer { Task { await connection.close() } }
        do {
            _ = try await connection.call("get_schema", ["NoSuchDB"], timeout: .seconds(5))
            XCTFail("no error for an unknown database")
        } catch OVSDBError.rpcError(let method, let error) {
            XCTAssertEqual(method, "get_schema")
            XCTAssertEqual(error, "unknown database")
        }
    }

    func testMissingSocketIsUnreachable() async throws {
        do {
            _ = try await connect("unix:\(server.directory.path)/none.sock")
            XCTFail("connected to nothing")
        } catch OVSDBError.unreachable(_, let reason) {
            XCTAssertEqual(reason, "no such socket")
        }
    }

    // MARK: a scripted peer

    private func withPeer(
        maxMessageBytes: Int = 16 << 20, _ script: @escaping @Sendable (ScriptedOVSDBPeer.Link) -> Void,
        request: (OVSDBConnection) async throws -> Void
    ) async throws {
        let peer = try ScriptedOVSDBPeer(directory: server.directory, script: script)
        defer { peer.stop() }
        let connection = try await connect("unix:\(peer.path)", maxMessageBytes: maxMessageBytes)
        defer { Task { await connection.close() } }
        try await request(connection)
    }

    private func expect(_ expected: OVSDBError, _ script: @escaping @Sendable (ScriptedOVSDBPeer.Link) -> Void,
                        maxMessageBytes: Int = 16 << 20, file: StaticString = #filePath, line: UInt = #line) async throws {
        try await withPeer(maxMessageBytes: maxMessageBytes, script) { connection in
            do {
                let reply = try await connection.call("list_dbs", [], timeout: .seconds(1))
                XCTFail("got \(reply) instead of \(expected)", file: file, line: line)
            } catch let error as OVSDBError {
                XCTAssertEqual(error, expected, file: file, line: line)
            }
        }
    }

    func testEchoRequestsAreAnsweredWhileAReplyIsAwaited() async throws {
        try await withPeer({ link in
            let request = link.readMessage()
            link.write(#"{"method":"echo","params":["ping",7],"id":"e1"}"#)
            let echoReply = link.readMessage()
            let echoed = (try? JSONSerialization.jsonObject(with: Data(echoReply.utf8)) as? [String: Any])?["result"] as? [Any]
            let ok = echoed?.first as? String == "ping" && echoed?.last as? Int == 7
            link.write(#"{"id":\#(link.id(of: request)),"result":[\#(ok ? "\"echo answered\"" : "\"echo wrong\"")],"error":null}"#)
        }) { connection in
            let reply = try await connection.call("list_dbs", [], timeout: .seconds(3))
            XCTAssertEqual(reply, ["echo answered"])
        }
    }

    func testGarbageIsMalformed() async throws {
        try await expect(.malformed("expected a JSON object, got byte 0x3c")) { link in
            _ = link.readMessage()
            link.write("<html>not ovsdb</html>")
        }
    }

    func testBrokenJSONInsideAnObjectIsMalformed() async throws {
        try await expect(.malformed("the server sent text that is not JSON")) { link in
            _ = link.readMessage()
            link.write(#"{"id":1,"result":[tru],"error":null}"#)
        }
    }

    func testConnectionClosedMidMessageIsMalformed() async throws {
        try await expect(.malformed("the connection closed in the middle of a message")) { link in
            _ = link.readMessage()
            link.write(#"{"id":1,"result":["Open_vSw"#)
        }
    }

    func testEndlessMessageIsCutOffAtTheLimit() async throws {
        try await expect(.oversized(limit: 4096), { link in
            _ = link.readMessage()
            link.write(#"{"id":1,"result":[""# + String(repeating: "x", count: 10_000))
            _ = link.readMessage()
        }, maxMessageBytes: 4096)
    }

    func testSilenceIsATimeout() async throws {
        try await expect(.timeout(waitingFor: "'list_dbs'", after: .seconds(1))) { link in
            _ = link.readMessage()
            _ = link.readMessage()  // holds the connection open, saying nothing
        }
    }

    func testWrongShapesAreMalformedNotCrashes() async throws {
        for reply in [#"{"method":5,"params":[]}"#, #"{"method":"update","params":"x"}"#, "{\"id\":1,\"result\":{},\"error\":null}"] {
            try await withPeer({ link in
                let request = link.readMessage()
                link.write(reply.replacingOccurrences(of: "\"id\":1", with: "\"id\":\(link.id(of: request))"))
                _ = link.readMessage()
            }) { connection in
                do {
                    _ = try await connection.transact("Open_vSwitch", [["op": "comment", "comment": "x"]], timeout: .seconds(1))
                    XCTFail("accepted \(reply)")
                } catch let error as OVSDBError {
                    guard case .malformed = error else { return XCTFail("\(reply): \(error)") }
                }
            }
        }
    }
}
