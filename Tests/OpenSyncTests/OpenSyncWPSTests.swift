import Foundation
import TestSupport
import XCTest

/// `esp-prov wps opensync` against a real ovsdb-server holding OpenSync's VIF tables, with the
/// test-side Wi-Fi manager stand-in playing the AP. The tables are seeded and read back with
/// OVS's own ovsdb-client, so what the tests assert is what the database really holds.
final class OpenSyncWPSTests: XCTestCase {
    private var server: OVSDBServerProcess!
    private var standIn: WifiManagerStandIn?

    /// Two VIFs of "Home" (both with key ids `key` and `key-2`; wl1 also `wpa_psks` key `key-3`) and
    /// one of "Guest". Every PSK contains SECRET so a leak is easy to find.
    override func setUpWithError() throws {
        server = try OVSDBServerProcess()
        let security = #"["map",[["encryption","WPA-PSK"],["key","SECRET-PSK-one"],["key-2","SECRET-PSK-two"],["mode","2"]]]"#
        var operations: [String] = []
        for (ifName, ssid, psks) in [("wl0", "Home", "[]"), ("wl1", "Home", #"[["key-3","SECRET-PSK-three"]]"#), ("wl2", "Guest", "[]")] {
            operations.append(#"{"op":"insert","table":"Wifi_VIF_Config","row":{"if_name":"\#(ifName)","ssid":"\#(ssid)","mode":"ap","enabled":true,"security":\#(security),"wpa_psks":["map",\#(psks)]}}"#)
            operations.append(#"{"op":"insert","table":"Wifi_VIF_State","row":{"if_name":"\#(ifName)","ssid":"\#(ssid)","mode":"ap","enabled":true}}"#)
        }
        try server.transact(operations.joined(separator: ","))
    }

    override func tearDown() async throws {
        await standIn?.stop()
        server?.stop()
    }

    private func startStandIn(sessionLength: Duration?) async throws {
        standIn = try await WifiManagerStandIn(endpoint: server.endpoint, sessionLength: sessionLength)
    }

    private func espProv(_ arguments: [String]) async throws -> ProcessResult {
        let result = try await Binaries.run("esp-prov", ["wps", "opensync", "--ovsdb", server.endpoint] + arguments, timeout: 30)
        XCTAssertFalse(result.output.contains("SECRET"), "a PSK reached the output:\n\(result.output)")
        return result
    }

    private func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    private func column(_ table: String, _ ifName: String, _ column: String) throws -> String {
        let value = try server.row(table, ifName: ifName)[column]
        return String(decoding: try JSONSerialization.data(withJSONObject: value ?? NSNull(), options: [.fragmentsAllowed]), as: UTF8.self)
    }

    /// The request columns of every Config row (`wps`, `wps_pbc`, `wps_pbc_key_id`), as the database holds them.
    private func requestColumns() throws -> [String] {
        try ["wl0", "wl1", "wl2"].flatMap { ifName in
            try ["wps", "wps_pbc", "wps_pbc_key_id"].map { "\(ifName).\($0)=\(try column("Wifi_VIF_Config", ifName, $0))" }
        }
    }

    /// A run with `arguments` that the AP side leaves unanswered: exit 7 with `reason` on stderr, and
    /// the request columns put back as they were before it.
    private func assertExit7LeavingTheRows(_ arguments: [String], saying reason: String,
                                           file: StaticString = #filePath, line: UInt = #line) async throws {
        let before = try requestColumns()
        let result = try await espProv(arguments)
        XCTAssertEqual(result.status, 7, result.output, file: file, line: line)
        XCTAssertTrue(result.stderr.contains(reason), result.stderr, file: file, line: line)
        XCTAssertEqual(try requestColumns(), before, file: file, line: line)
    }

    /// wl0 as an operator may have left it: `wps` explicitly false and an earlier key id; the other
    /// rows keep the schema's defaults (both unset, key id ""). A run must put both kinds back.
    private func seedEarlierRequestColumns() throws {
        try server.transact(#"{"op":"update","table":"Wifi_VIF_Config","where":[["if_name","==","wl0"]],"row":{"wps":false,"wps_pbc_key_id":"key"}}"#)
    }

    /// A normal run puts `wps`, `wps_pbc` and `wps_pbc_key_id` back as they were on every VIF
    /// (it used to leave wps_pbc_key_id set to the run's key id and turn wps to false).
    func testNormalRunLeavesTheRowsAsTheyWere() async throws {
        try seedEarlierRequestColumns()
        let before = try requestColumns()
        try await startStandIn(sessionLength: .milliseconds(300))
        let result = try await espProv(["--ssid", "Home", "--key_id", "key-2", "--json"])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertEqual(standIn?.started.map(\.keyId), ["key-2", "key-2"], "the session ran with the run's key id")
        XCTAssertEqual(try requestColumns(), before)
        XCTAssertTrue(result.stdout.contains("\"event\":\"opensync_restored\""), result.stdout)
    }

    /// `| head -1` closes stdout after the first line: the run still ends with its own status and
    /// puts the rows back; `| cat` gets every line, one `result` with --json.
    func testOutputThroughAPipeThatClosesOrStaysOpen() async throws {
        let before = try requestColumns()
        try await startStandIn(sessionLength: .milliseconds(200))
        for (reader, complete) in [("head -1", false), ("cat", true)] {
            for json in [true, false] {
                let arguments = ["--ovsdb", server.endpoint, "--ssid", "Home", "--key_id", "key"] + (json ? ["--json"] : [])
                let script = "\"$0\" wps opensync \"$@\" | \(reader); exit ${PIPESTATUS[0]}"
                let result = try await Binaries.run("/bin/bash", ["-c", script, Binaries.url("esp-prov").path] + arguments, timeout: 30)
                XCTAssertEqual(result.status, 0, "json=\(json) | \(reader): \(result.output)")
                XCTAssertFalse(result.stdout.isEmpty, "json=\(json) | \(reader)")
                XCTAssertFalse(result.output.contains("SECRET"), result.output)
                if complete {
                    let results = json ? try jsonLines(result.stdout).filter { $0["event"] as? String == "result" }.count
                        : result.stdout.components(separatedBy: "session ran and ended").count - 1
                    XCTAssertEqual(results, 1, "json=\(json) | cat: \(result.stdout)")
                }
                XCTAssertEqual(try requestColumns(), before, "json=\(json) | \(reader)")
            }
        }
    }

    func testSessionRunsAndEndsOnTheVIFsOfThatSSIDOnly() async throws {
        try await startStandIn(sessionLength: .milliseconds(300))
        let result = try await espProv(["--ssid", "Home", "--key_id", "key-2", "--json", "-v"])
        XCTAssertEqual(result.status, 0, result.output)
        let lines = try jsonLines(result.stdout)
        XCTAssertEqual(Set(lines.filter { $0["event"] as? String == "wps_session_started" }.compactMap { $0["if_name"] as? String }), ["wl0", "wl1"])
        XCTAssertEqual(Set(lines.filter { $0["event"] as? String == "wps_session_ended" }.compactMap { $0["if_name"] as? String }), ["wl0", "wl1"])
        let last = try XCTUnwrap(lines.last)
        XCTAssertEqual(last["event"] as? String, "result")
        XCTAssertEqual(last["outcome"] as? String, "session_ended")
        XCTAssertEqual(last["device_joined"] as? String, "unknown")
        XCTAssertEqual(last["key_id"] as? String, "key-2")
        XCTAssertFalse(result.stderr.contains("WPS is weak security"), "the note is for people, not with --json")
        // The AP saw one session per Home VIF with key-2, none on Guest; wps is off again everywhere.
        XCTAssertEqual(standIn?.started.map(\.ifName).sorted(), ["wl0", "wl1"])
        XCTAssertEqual(standIn?.started.map(\.keyId), ["key-2", "key-2"])
        for ifName in ["wl0", "wl1", "wl2"] {
            XCTAssertNotEqual(try column("Wifi_VIF_Config", ifName, "wps"), "true", ifName)
            XCTAssertNotEqual(try column("Wifi_VIF_State", ifName, "wps_pbc"), "true", ifName)
        }
        XCTAssertEqual(try column("Wifi_VIF_Config", "wl2", "wps_pbc_key_id"), "\"\"")
    }

    /// An interrupt (each of SIGINT, SIGTERM, SIGHUP) during a session withdraws the request: the
    /// session is cancelled and `wps` is off again on every VIF of the SSID, read back from the
    /// database; the run exits 130 with one `result`.
    func testInterruptWithdrawsTheRequestOnEverySignal() async throws {
        try seedEarlierRequestColumns()
        let before = try requestColumns()
        try await startStandIn(sessionLength: nil)
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            let run = try InteractiveProcess("esp-prov", ["wps", "opensync", "--ovsdb", server.endpoint, "--ssid", "Home",
                                                          "--key_id", "key-2", "--json", "--timeout", "60"])
            let seen = try await run.waitFor("\"wps_session_started\"", timeout: 15)
            XCTAssertNotNil(seen, run.transcript)
            XCTAssertEqual(try column("Wifi_VIF_State", "wl0", "wps_pbc"), "true", "the session runs")
            run.signal(signal)
            XCTAssertEqual(try run.wait(timeout: 20), 130, "signal \(signal): \(run.transcript)")
            let results = run.transcript.split(separator: "\n").filter { $0.contains("\"event\":\"result\"") }
            XCTAssertEqual(results.count, 1, run.transcript)
            XCTAssertTrue(run.transcript.contains("the WPS request was withdrawn on wl0, wl1"), run.transcript)
            XCTAssertFalse(run.transcript.contains("SECRET"), run.transcript)
            for ifName in ["wl0", "wl1"] {
                XCTAssertNotEqual(try column("Wifi_VIF_State", ifName, "wps_pbc"), "true", "\(ifName): the session still runs")
            }
            XCTAssertEqual(try requestColumns(), before, "signal \(signal): the rows are not as they were")
        }
    }

    /// `--cancel` on an AP whose manager applies nothing: the failure says what is wrong, not "run --cancel".
    func testCancelThatCannotCancelDoesNotSuggestItself() async throws {
        try server.transact(#"{"op":"update","table":"Wifi_VIF_State","where":[["if_name","==","wl0"]],"row":{"wps":true,"wps_pbc":true,"wps_pbc_key_id":"key"}}"#)
        let result = try await espProv(["--if_name", "wl0", "--cancel", "--timeout", "1"])
        XCTAssertEqual(result.status, 7, result.output)
        XCTAssertFalse(result.stderr.contains("run esp-prov wps opensync --cancel"), result.stderr)
        XCTAssertTrue(result.stderr.contains("OpenSync's Wi-Fi manager is not applying Wifi_VIF_Config"), result.stderr)
    }

    func testTextOutputSaysTheSessionEndedAndThatJoiningIsNotReported() async throws {
        try await startStandIn(sessionLength: .milliseconds(200))
        let result = try await espProv(["--if_name", "wl1", "--key_id", "key-3"])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.stdout.contains("session ran and ended on wl1"), result.stdout)
        XCTAssertTrue(result.stdout.contains("OpenSync does not report whether a device joined"), result.stdout)
        XCTAssertEqual(standIn?.started.map(\.ifName), ["wl1"])
        XCTAssertEqual(result.stderr.components(separatedBy: "WPS is weak security").count, 2, "the note once: \(result.stderr)")
    }

    func testUnknownKeyIdIsRefusedNamingTheKeyIdsAndNothingIsWritten() async throws {
        try await startStandIn(sessionLength: .milliseconds(200))
        let result = try await espProv(["--ssid", "Home", "--key_id", "key-3"])  // key-3 is wl1's only
        XCTAssertEqual(result.status, 26, result.output)
        XCTAssertTrue(result.stderr.contains("key id 'key-3' is not a key of wl0; its key ids: key, key-2"), result.stderr)
        XCTAssertEqual(try column("Wifi_VIF_Config", "wl0", "wps"), #"["set",[]]"#)
        XCTAssertEqual(try column("Wifi_VIF_Config", "wl1", "wps_pbc"), #"["set",[]]"#)
        XCTAssertEqual(standIn?.started.count, 0)
    }

    func testUnknownSSIDIsRefusedListingTheKnownOnes() async throws {
        let result = try await espProv(["--ssid", "Office", "--key_id", "key", "--json"])
        XCTAssertEqual(result.status, 26, result.output)
        let last = try XCTUnwrap(try jsonLines(result.stdout).last)
        XCTAssertEqual(last["error"] as? String, "opensync_refused")
        XCTAssertEqual(last["message"] as? String, "no Wifi_VIF_Config row has SSID 'Office'; known: Guest, Home")
    }

    func testSessionRunningWithAnotherKeyIdIsNotRestarted() async throws {
        try server.transact(#"{"op":"update","table":"Wifi_VIF_State","where":[["if_name","==","wl1"]],"row":{"wps":true,"wps_pbc":true,"wps_pbc_key_id":"key"}}"#)
        try await startStandIn(sessionLength: nil)
        let result = try await espProv(["--ssid", "Home", "--key_id", "key-2"])
        XCTAssertEqual(result.status, 26, result.output)
        XCTAssertTrue(result.stderr.contains("a WPS session with key id 'key' is running on wl1"), result.stderr)
        XCTAssertEqual(try column("Wifi_VIF_Config", "wl0", "wps_pbc"), #"["set",[]]"#, "nothing may be written when one VIF is busy")
        XCTAssertEqual(try column("Wifi_VIF_State", "wl1", "wps_pbc_key_id"), "\"key\"")
    }

    func testCancelEndsARunningSessionAndTurnsWPSOff() async throws {
        try await startStandIn(sessionLength: nil)
        try server.transact(#"{"op":"update","table":"Wifi_VIF_Config","where":[["if_name","==","wl0"]],"row":{"wps":true,"wps_pbc":true,"wps_pbc_key_id":"key"}}"#)
        let deadline = Date().addingTimeInterval(5)
        while try column("Wifi_VIF_State", "wl0", "wps_pbc") != "true" {
            guard Date() < deadline else { return XCTFail("the stand-in never started the session") }
            usleep(20_000)
        }
        let result = try await espProv(["--if_name", "wl0", "--cancel", "--json"])
        XCTAssertEqual(result.status, 0, result.output)
        let last = try XCTUnwrap(try jsonLines(result.stdout).last)
        XCTAssertEqual(last["outcome"] as? String, "cancelled")
        XCTAssertEqual(last["was_running"] as? [String], ["wl0"])
        XCTAssertEqual(try column("Wifi_VIF_State", "wl0", "wps_pbc"), "false")
        XCTAssertEqual(try column("Wifi_VIF_Config", "wl0", "wps"), "false")
    }

    func testSessionThatNeverEndsIsCancelledAtTheDeadline() async throws {
        let before = try requestColumns()
        try await startStandIn(sessionLength: nil)
        let result = try await espProv(["--ssid", "Guest", "--key_id", "key", "--timeout", "1.5"])
        XCTAssertEqual(result.status, 7, result.output)
        XCTAssertTrue(result.stderr.contains("the WPS session on wl2 was still running at the deadline; it was cancelled"), result.stderr)
        XCTAssertEqual(try column("Wifi_VIF_State", "wl2", "wps_pbc"), "false")
        XCTAssertEqual(try requestColumns(), before)
    }

    /// --timeout bounds the whole run, the clean-up included: here the manager dies once the session
    /// runs, so the cancel is never applied and its wait must end at the run's deadline (it used to
    /// add 5 s after it). The run is killed, and the test fails, if it outlives the deadline by 3 s.
    func testTimeoutBoundsTheCleanUpToo() async throws {
        try await startStandIn(sessionLength: nil)
        let run = try InteractiveProcess("esp-prov", ["wps", "opensync", "--ovsdb", server.endpoint, "--ssid", "Guest",
                                                      "--key_id", "key", "--json", "--timeout", "4"])
        let started = try await run.waitFor("\"wps_session_started\"", timeout: 4)
        XCTAssertNotNil(started, run.transcript)
        await standIn?.stop()
        standIn = nil
        XCTAssertEqual(try run.wait(timeout: 7), 7, run.transcript)
        XCTAssertTrue(run.transcript.contains("still running at the deadline"), run.transcript)
    }

    func testAPThatNeverStartsTheSessionGetsTheRequestWithdrawn() async throws {
        // No stand-in: nothing plays the AP.
        try await assertExit7LeavingTheRows(["--ssid", "Guest", "--key_id", "key", "--timeout", "1"],
                                            saying: "the AP never reported a running WPS session on wl2")
    }

    /// Nothing mirrors Config into State (no manager): diagnosed after OpenSync's reaction bound
    /// (10 s), not after the whole --timeout (here longer than the test waits for the run at all).
    func testAPWithNoManagerIsDiagnosedWithinTheReactionBound() async throws {
        try await assertExit7LeavingTheRows(["--ssid", "Guest", "--key_id", "key", "--timeout", "120"],
                                            saying: "is OpenSync's Wi-Fi manager running")
    }

    func testUnreachableServerIsExit14() async throws {
        for endpoint in ["unix:\(server.directory.path)/missing.sock", "tcp:127.0.0.1:1"] {
            let result = try await Binaries.run("esp-prov", ["wps", "opensync", "--ovsdb", endpoint, "--ssid", "Home", "--key_id", "key"], timeout: 30)
            XCTAssertEqual(result.status, 14, result.output)
            XCTAssertTrue(result.stderr.contains("no OVSDB server at \(endpoint)"), result.stderr)
        }
    }

    func testServerSideAndGarbageEndpointsAreUsageErrors() async throws {
        for (endpoint, message) in [("pssl:6640", "'pssl:' is a server-side (listening) scheme"), ("db.sock", "is not an OVSDB endpoint")] {
            let result = try await Binaries.run("esp-prov", ["wps", "opensync", "--ovsdb", endpoint, "--ssid", "Home", "--key_id", "key"], timeout: 30)
            XCTAssertEqual(result.status, 2, result.output)
            XCTAssertTrue(result.stderr.contains(message), result.stderr)
            XCTAssertFalse(result.stderr.contains("weak security"), "the note comes after the arguments were checked: \(result.stderr)")
        }
        let tlsFlags = try await Binaries.run(
            "esp-prov", ["wps", "opensync", "--ovsdb", "unix:/nonexistent", "--ovsdb_cert", "c.pem", "--ssid", "Home", "--key_id", "key"], timeout: 30)
        XCTAssertEqual(tlsFlags.status, 2, tlsFlags.output)
        XCTAssertFalse(tlsFlags.stderr.contains("weak security"), tlsFlags.stderr)
    }
}
