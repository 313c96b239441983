import Foundation
import TestSupport
import XCTest

/// `esp-prov doctor --transport softap` in network namespaces built for each case: joined to a
/// device's SoftAP (on-link 192.168.4.0/24), on a network that only routes there through a
/// gateway, and with no route at all. A UDP connect sends nothing, so no packet leaves.
final class DoctorSoftAPTests: XCTestCase {
    private let veth = "ip link add wl0 type veth peer name ap0; ip link set wl0 up; ip link set ap0 up;"

    private func doctor(setup: String) throws -> ProcessResult {
        try ScratchNetwork.requireAvailable()
        return try ScratchNetwork.run(setup: setup, Binaries.url("esp-prov"), ["doctor", "--transport", "softap"])
    }

    func testJoinedSoftAPPassesAndNamesTheInterface() throws {
        let result = try doctor(setup: veth + "ip addr add 192.168.4.2/24 dev wl0")
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertEqual(result.stdout, """
            SoftAP:
              ✓ 192.168.4.1 is reached directly through wl0 (192.168.4.2)
              - wl0 is not a Wi-Fi interface: no SSID to check

            """, result.output)
    }

    func testRouteOnlyThroughAGatewayIsNotASoftAP() throws {
        let result = try doctor(setup: veth + "ip addr add 10.20.0.2/24 dev wl0; ip route add default via 10.20.0.1")
        XCTAssertEqual(result.status, 28, result.output)
        XCTAssertTrue(result.stdout.contains("✗ 192.168.4.1 is reached only through a gateway from wl0 (10.20.0.2)"), result.output)
        XCTAssertTrue(result.stdout.contains("join the device's access point"), result.output)
        XCTAssertTrue(result.stderr.contains("error: doctor: SoftAP cannot work"), result.output)
    }

    func testNoRouteAtAll() throws {
        let result = try doctor(setup: "true")
        XCTAssertEqual(result.status, 28, result.output)
        XCTAssertTrue(result.stdout.contains("✗ no interface reaches 192.168.4.1 (ENETUNREACH"), result.output)
    }

    func testJSONResultNamesTheFailedArea() throws {
        try ScratchNetwork.requireAvailable()
        let result = try ScratchNetwork.run(setup: "true", Binaries.url("esp-prov"), ["doctor", "--transport", "softap", "--json"])
        XCTAssertEqual(result.status, 28, result.output)
        let lines = result.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        XCTAssertEqual(lines.map { $0["event"] as? String }, ["check", "result"], result.output)
        XCTAssertEqual(lines[0]["check"] as? String, "route")
        XCTAssertEqual(lines[0]["outcome"] as? String, "fail")
        XCTAssertEqual(lines[1]["error"] as? String, "doctor_softap")
        XCTAssertEqual(lines[1]["exit_code"] as? Int, 28)
        XCTAssertEqual(lines[1]["failed_areas"] as? [String], ["softap"])
    }

    func testUnknownAreaIsAUsageError() throws {
        let result = try Binaries.run("esp-prov", ["doctor", "--transport", "zigbee"])
        XCTAssertEqual(result.status, 2, result.output)
        XCTAssertTrue(result.stderr.contains("zigbee"), result.output)
    }
}
