import WpaCtrl
import XCTest

/// Event and STATUS parsing on the exact texts the daemons send (docs/onboarding.md §1, §2).
final class WpaCtrlEventTests: XCTestCase {
    func testLevelPrefixAndParameters() {
        let event = WpaCtrlEvent(parsing: "<3>DPP-TX-STATUS dst=02:00:00:00:00:01 freq=2412 result=no-ACK")
        XCTAssertEqual(event.level, 3)
        XCTAssertNil(event.interface)
        XCTAssertEqual(event.name, "DPP-TX-STATUS")
        XCTAssertEqual(event.parameters["result"], "no-ACK")
        XCTAssertEqual(event.parameters["dst"], "02:00:00:00:00:01")
    }

    func testGlobalSocketTag() {
        let event = WpaCtrlEvent(parsing: "IFNAME=wlan0 <3>DPP-CONF-SENT")
        XCTAssertEqual(event.interface, "wlan0")
        XCTAssertEqual(event.level, 3)
        XCTAssertEqual(event.text, "DPP-CONF-SENT")
        XCTAssertEqual(event.arguments, "")
    }

    func testFirstParameterCountsAndMalformedPrefixesStayText() {
        XCTAssertEqual(WpaCtrlEvent(parsing: "<3>X a=1 a=2").parameters["a"], "1")
        let odd = WpaCtrlEvent(parsing: "<x>NOT-A-LEVEL")
        XCTAssertNil(odd.level)
        XCTAssertEqual(odd.text, "<x>NOT-A-LEVEL")
        XCTAssertEqual(WpaCtrlEvent(parsing: "").name, "")
    }

    func testDaemonKindFromStatus() {
        XCTAssertEqual(DaemonKind(status: "bssid=00:00:00:00:00:00\nwpa_state=DISCONNECTED\naddress=02:00:00:00:00:01\n"), .wpaSupplicant)
        XCTAssertEqual(DaemonKind(status: "state=ENABLED\nphy=\nfreq=0\nbss[0]=veth0\n"), .hostapd)
        XCTAssertNil(DaemonKind(status: "PONG"))
    }
}
