import Foundation
@testable import ProvClient
import ProvMessages
@testable import esp_prov
import XCTest

/// The typed `--json` writer writes the lines scripts parse byte for byte as before: README's
/// example run, absent values as `null` or left out as documented, and untrusted text (device
/// replies, daemon names) escaped exactly as the JSONSerialization writer it replaced did.
final class JSONLinesTests: XCTestCase {
    private func line<Event: JSONEvent>(_ event: Event, t: Double) -> String { JSONLines.line(event, t: t) ?? "not encodable" }

    /// README, "JSON output": the example run's lines, from the same values.
    func testREADMEExampleRunLines() throws {
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        let connection = WiFiConnection(ipAddress: "192.168.1.42", ssidBytes: Array("HomeNet".utf8), bssid: [0xa0, 0xb1, 0xc2, 0xd3, 0xe4, 0xf5],
                                        channel: 6, authMode: 3)
        let reason = "from the device's proto-ver sec_ver; meets the security 2 that the security 2 username/password given implies"
        let written = [
            line(ProvisioningEvents.Start(transport: "softap", service: "127.0.0.1:8080"), t: 0),
            line(ProvisioningEvents.DeviceInfo(version: "v1.1", secVer: 2, secPatchVer: 1, capabilities: ["wifi_scan"],
                                               manager: "wifi_provisioning", network: "wifi", json: true), t: 0.004),
            line(ProvisioningEvents.Security(scheme: 2, reason: reason, minimum: "sec2", ivMode: "counter"), t: 0.004),
            line(ProvisioningEvents.SessionEstablished(scheme: 2), t: 0.041),
            line(ProvisioningEvents.CredentialsSent(ssid: "HomeNet"), t: 0.043),
            line(ProvisioningEvents.ConfigApplied(network: nil), t: 0.044),
            line(ProvisioningEvents.Status(WiFiStatus.joining(attemptsRemaining: nil), sinceApply: 0.501), t: 0.546),
            line(ProvisioningEvents.Status(WiFiStatus.joined(connection), sinceApply: 1.252), t: 1.297),
            line(ResultEvent(nil, ProvisioningEvents.Result(outcome: "provisioned", connection: connection.jsonFields, threadNetwork: nil,
                                                            seconds: .init(total: 1.297, session: 0.041))), t: 1.297),
        ]
        for expected in written {
            XCTAssertTrue(readme.contains("\n" + expected + "\n"), "README's example run has no line\n\(expected)")
        }
    }

    /// A failed run's `result`: `error` and `message` filled, the subcommand's fields still there.
    func testFailureResultLine() {
        let failure = CommandFailure(.timeout, "no answer within 2 s")
        XCTAssertEqual(line(ResultEvent(failure, DoctorEvents.Result(failedAreas: ["ble"], areas: ["ble", "dpp"])), t: 1.5),
                       #"{"areas":["ble","dpp"],"error":"timeout","event":"result","exit_code":7,"failed_areas":["ble"],"message":"no answer within 2 s","ok":false,"t":1.5}"#)
        XCTAssertEqual(line(ResultEvent(nil, ResultEvent.Nothing()), t: 0),
                       #"{"error":null,"event":"result","exit_code":0,"message":null,"ok":true,"t":0}"#)
    }

    /// `null` where the README says null; left out where it says absent.
    func testNullAndAbsentFields() throws {
        XCTAssertEqual(line(DPPEvents.Listening(path: "air", tcpPort: nil, freq: 2437), t: 0.25),
                       #"{"event":"listening","freq":2437,"path":"air","t":0.25,"tcp_port":null}"#)
        XCTAssertEqual(line(WPSEvents.Started(method: "pbc", role: "enrollee"), t: 0),
                       #"{"event":"wps_started","method":"pbc","role":"enrollee","t":0}"#)
        XCTAssertEqual(line(ProvisioningEvents.Status(ThreadStatus.joining(attemptsRemaining: 2), sinceApply: 1), t: 2),
                       #"{"event":"thread_status","since_apply":1,"state":"attaching","t":2}"#)
        XCTAssertEqual(line(ProvisioningEvents.Status(WiFiStatus.failed(.other(9)), sinceApply: 3.25), t: 4),
                       #"{"event":"wifi_status","reason":"other","reason_code":9,"since_apply":3.25,"state":"failed","t":4}"#)
        XCTAssertEqual(line(WPSEvents.Saved(), t: 0.5), #"{"event":"wps_saved","t":0.5}"#)
    }

    /// Every byte a device may send as a custom reply, and a daemon's names, come out as the old writer wrote them.
    func testUntrustedTextIsEscapedAsBefore() throws {
        let reply = (0...255).map(UInt8.init) + Array("é/😀\u{2028}".utf8)
        let text = String(decoding: reply, as: UTF8.self)
        let written = line(ProvisioningEvents.CustomReply(endpoint: "custom/data", replyHex: "00", replyText: text), t: 0.001)
        let before: [String: Any] = ["endpoint": "custom/data", "reply_hex": "00", "reply_text": text, "event": "custom_reply", "t": 0.001]
        let old = try JSONSerialization.data(withJSONObject: before, options: [.sortedKeys, .withoutEscapingSlashes])
        XCTAssertEqual(written, String(decoding: old, as: UTF8.self))
    }

    /// Keys sort in byte order at every level, as `jq -S` and Python's `sort_keys` do, whatever the
    /// locale: `wps opensync`'s `seconds_running`, keyed by interface names with capitals and digits,
    /// too (the writer before issue 21 sorted that object case-insensitively and numerically: README, "JSON output").
    func testKeysSortInByteOrderEvenForInterfaceNames() throws {
        let ended = WPSResults.OpenSyncSessionEnded(ifNames: ["wl10", "wl2", "WL9"], keyID: "k", secondsRunning: ["wl10": 1, "wl2": 2, "WL9": 3, "br-home": 4, "br0": 5])
        XCTAssertEqual(line(ResultEvent(nil, ended), t: 0),
                       #"{"device_joined":"unknown","error":null,"event":"result","exit_code":0,"if_names":["wl10","wl2","WL9"],"key_id":"k","message":null,"ok":true,"outcome":"session_ended","seconds_running":{"WL9":3,"br-home":4,"br0":5,"wl10":1,"wl2":2},"t":0}"#)
    }
}
