import Foundation
import WPS
import WpaCtrl
import XCTest

/// `WPSExchange` in memory, fed the event streams real hostapd 2.10 and wpa_supplicant 2.10 sent
/// (Fixtures/, recorded from `WPSDaemonTests`' wired rig and `WPSRecordedStreamTests`' overlap
/// runs): which event decides each run, what it decides for each role, and what the deadline says
/// when no event decided. The daemon tests run the same rules end to end.
final class WPSExchangeTests: XCTestCase {
    private static let timeout: Duration = .seconds(5)
    private static let bssid = "02:11:22:33:44:55"

    /// The datagrams of `Fixtures/<name>.events`, one per line, as the attached socket delivered them.
    private func events(_ name: String) throws -> [WpaCtrlEvent] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name).events")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        XCTAssertFalse(lines.isEmpty, "\(name) is empty")
        return lines.map { WpaCtrlEvent(parsing: String($0)) }
    }

    /// Feeds `stream` until the first decision: the decision (nil: none), how many events it took,
    /// and the exchange as the deadline would find it.
    private func replay(
        _ stream: [WpaCtrlEvent], as role: WPSExchange.Role, networksBefore: Set<Int> = []
    ) -> (decision: WPSExchange.Decision?, consumed: Int, exchange: WPSExchange) {
        var exchange = WPSExchange(role: role, networksBefore: networksBefore, timeout: Self.timeout)
        for (index, event) in stream.enumerated() {
            if let decision = exchange.consume(event) { return (decision, index + 1, exchange) }
        }
        return (nil, stream.count, exchange)
    }

    private func replay(_ name: String, as role: WPSExchange.Role, then extra: [String] = [], networksBefore: Set<Int> = []) throws
        -> (decision: WPSExchange.Decision?, consumed: Int, exchange: WPSExchange) {
        replay(try events(name) + extra.map(WpaCtrlEvent.init(parsing:)), as: role, networksBefore: networksBefore)
    }

    func testRegistrarSucceedsOnItsRegistrationByPushButtonOrPin() throws {
        let pushButton = try replay("hostapd-pbc-registered", as: .registrar)
        XCTAssertEqual(pushButton.decision, .registered(mac: "2a:e1:9d:44:e3:a6", uuid: "22fd3557-9388-50ee-9cdc-316485439975", deviceName: nil))
        XCTAssertEqual(pushButton.consumed, try events("hostapd-pbc-registered").count, "decided by WPS-REG-SUCCESS, the last event")
        let pin = try replay("hostapd-pin-registered", as: .registrar)
        XCTAssertEqual(pin.decision, .registered(mac: "d2:33:fb:d9:57:b4", uuid: "6245dcc1-063a-5ef2-ad27-0d83ac93d54f", deviceName: nil))
        // The name an enrollee's probe gave is kept for its registration (hostapd's STA record is asked only without one).
        let named = replay([WpaCtrlEvent(parsing: "<3>WPS-ENROLLEE-SEEN d2:33:fb:d9:57:b4 6245dcc1-063a-5ef2-ad27-0d83ac93d54f 1-0050F204-1 0x3148 0 1 [esp32-board]")]
                               + (try events("hostapd-pin-registered")), as: .registrar)
        XCTAssertEqual(named.decision, .registered(mac: "d2:33:fb:d9:57:b4", uuid: "6245dcc1-063a-5ef2-ad27-0d83ac93d54f", deviceName: "esp32-board"))
    }

    func testEnrolleeSucceedsOnWPSSuccessAndOnlyTheEnrollee() throws {
        for name in ["supplicant-pbc-joined", "supplicant-pin-joined"] {
            let run = try replay(name, as: .enrollee)
            XCTAssertEqual(run.decision, .joined, name)
            XCTAssertEqual(run.consumed, try events(name).count, "\(name): decided by WPS-SUCCESS, the last event")
            // A registrar's run is not decided by an enrollee's success.
            XCTAssertNil(try replay(name, as: .registrar).decision, name)
        }
    }

    func testAPPinRunLearnsTheSettingsAtTheRegistrarsNACK() throws {
        let learned = try replay("supplicant-ap-pin-learned", as: .externalRegistrar(bssid: Self.bssid))
        XCTAssertEqual(learned.decision, .learned, "WPS-CRED-RECEIVED, then WPS-FAIL msg=11 config_error=0")
        // For an enrollee the same NACK is no decision: it retries within its walk time.
        let enrollee = try replay("supplicant-ap-pin-learned", as: .enrollee)
        XCTAssertNil(enrollee.decision)
        XCTAssertEqual(enrollee.exchange.deadlinePassed(), .deadline(after: Self.timeout, sawRegistrarNotReady: false))
        // Without the credential, the same WPS-FAIL is a failure of the AP PIN run.
        let failed = replay([WpaCtrlEvent(parsing: "<3>CTRL-EVENT-EAP-STARTED EAP authentication started"),
                             WpaCtrlEvent(parsing: "<3>WPS-FAIL msg=11 config_error=0")], as: .externalRegistrar(bssid: Self.bssid))
        XCTAssertEqual(failed.decision, .failed(.failed(configError: nil)))
    }

    func testWrongPinOnEverySide() throws {
        XCTAssertEqual(try replay("hostapd-pin-wrong", as: .registrar).decision, .failed(.wrongPin))
        XCTAssertEqual(try replay("supplicant-pin-wrong", as: .enrollee).decision, .failed(.wrongPin))
        XCTAssertEqual(try replay("supplicant-ap-pin-wrong", as: .externalRegistrar(bssid: Self.bssid)).decision, .failed(.wrongPin))
        // The first decisive event wins: a lock that follows a wrong PIN is not the reason given.
        let locked = try replay("hostapd-pin-wrong", as: .registrar, then: ["<3>WPS-AP-SETUP-LOCKED "])
        XCTAssertEqual(locked.decision, .failed(.wrongPin))
        XCTAssertEqual(replay([WpaCtrlEvent(parsing: "<3>WPS-AP-SETUP-LOCKED ")], as: .registrar).decision, .failed(.setupLocked))
        XCTAssertEqual(replay([WpaCtrlEvent(parsing: "<3>WPS-FAIL msg=8 config_error=15")], as: .enrollee).decision, .failed(.setupLocked))
    }

    func testOverlapIsRefusedAsSoonAsEitherSideSeesIt() throws {
        let registrar = try replay("hostapd-pbc-overlap", as: .registrar)
        XCTAssertEqual(registrar.decision, .failed(.overlap))
        XCTAssertEqual(registrar.consumed, 8, "decided at WPS-OVERLAP-DETECTED, not at the WPS-FAIL lines after it")
        let enrollee = try replay("supplicant-pbc-overlap", as: .enrollee)
        XCTAssertEqual(enrollee.decision, .failed(.overlap))
        XCTAssertEqual(enrollee.consumed, 6, "decided at the registrar's M2D with config_error=12")
    }

    func testRegistrarWithoutASessionIsNamedWhenTheRunEnds() throws {
        let waiting = try replay("supplicant-pin-registrar-not-ready", as: .enrollee)
        XCTAssertNil(waiting.decision, "an enrollee retries after M2D within its walk time")
        XCTAssertTrue(waiting.exchange.sawRegistrarNotReady)
        XCTAssertEqual(waiting.exchange.deadlinePassed(), .deadline(after: Self.timeout, sawRegistrarNotReady: true))
        // wpa_supplicant removing its WPS network ends the run, named by the M2D it saw.
        let ended = try replay("supplicant-pin-registrar-not-ready", as: .enrollee, then: ["<3>CTRL-EVENT-NETWORK-REMOVED 0"])
        XCTAssertEqual(ended.decision, .failed(.registrarNotReady))
    }

    func testEnrolleeFailureIsDecidedByTheEndOfItsOwnWPSNetwork() throws {
        let stream = ["<3>CTRL-EVENT-NETWORK-ADDED 1", "<3>WPS-PIN-ACTIVE ", "<3>WPS-FAIL msg=8 config_error=16", "<3>CTRL-EVENT-NETWORK-REMOVED 1"]
            .map(WpaCtrlEvent.init(parsing:))
        let run = replay(stream, as: .enrollee)
        XCTAssertEqual(run.decision, .failed(.failed(configError: 16)), "the last config_error is named")
        XCTAssertEqual(run.consumed, 4, "a WPS-FAIL alone decides nothing for an enrollee")
        // A network that existed before the run is not its WPS network.
        XCTAssertNil(replay(stream, as: .enrollee, networksBefore: [1]).decision)
    }

    func testWindowWithoutEnrolleeEndsAtTheDeadlineOrWhenItCloses() throws {
        let open = try replay("hostapd-pbc-no-enrollee", as: .registrar)
        XCTAssertNil(open.decision)
        XCTAssertEqual(open.exchange.deadlinePassed(), .deadline(after: Self.timeout, sawRegistrarNotReady: false))
        for closing in ["<3>WPS-TIMEOUT ", "<3>WPS-PBC-DISABLE "] {
            XCTAssertEqual(try replay("hostapd-pbc-no-enrollee", as: .registrar, then: [closing]).decision, .failed(.windowClosed(registrar: true)), closing)
        }
        // An enrollee's walk time ending is the registrar never completing; its PBC-DISABLE means nothing to it.
        XCTAssertEqual(replay([WpaCtrlEvent(parsing: "<3>WPS-TIMEOUT ")], as: .enrollee).decision, .failed(.windowClosed(registrar: false)))
        XCTAssertNil(replay([WpaCtrlEvent(parsing: "<3>WPS-PBC-DISABLE ")], as: .enrollee).decision)
    }

    func testAPPinRunThatNoAPAnsweredNamesTheBSSID() throws {
        let role = WPSExchange.Role.externalRegistrar(bssid: Self.bssid)
        let scans = ["<3>CTRL-EVENT-NETWORK-ADDED 0", "<3>CTRL-EVENT-SCAN-STARTED ", "<3>CTRL-EVENT-SCAN-RESULTS "].map(WpaCtrlEvent.init(parsing:))
        XCTAssertEqual(replay(scans + [WpaCtrlEvent(parsing: "<3>WPS-TIMEOUT ")], as: role).decision,
                       .failed(.noAPAnswered(bssid: Self.bssid, after: Self.timeout)))
        XCTAssertEqual(replay(scans, as: role).exchange.deadlinePassed(), .noAPAnswered(bssid: Self.bssid, after: Self.timeout))
        // An AP that began an EAP exchange is not blamed on the BSSID (the recorded wrong-PIN run, cut before its failure).
        let answered = Array(try events("supplicant-ap-pin-wrong").dropLast())
        let run = replay(answered, as: role)
        XCTAssertNil(run.decision)
        XCTAssertTrue(run.exchange.peerAnswered)
        XCTAssertEqual(run.exchange.deadlinePassed(), .deadline(after: Self.timeout, sawRegistrarNotReady: false))
        XCTAssertEqual(replay(answered + [WpaCtrlEvent(parsing: "<3>WPS-TIMEOUT ")], as: role).decision, .failed(.windowClosed(registrar: false)))
    }
}
