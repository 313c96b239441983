import Foundation
import TestSupport
import XCTest

/// `esp-prov doctor --transport dpp --transport wps` against real wpa_supplicant and hostapd
/// control sockets (the DPP rig), a socket directory this user may not open (run as nobody),
/// a stale socket, and a fake daemon whose build lacks DPP and WPS.
final class DoctorDaemonTests: XCTestCase {
    private var directory: String!

    override func setUpWithError() throws {
        var template = Array("/tmp/doctor-XXXXXX".utf8CString)
        directory = try XCTUnwrap(mkdtemp(&template).map { String(cString: $0) })
        chmod(directory, 0o755)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func doctor(wpa: String, hostapd: String, asNobody: Bool = false) throws -> ProcessResult {
        let arguments = ["doctor", "--transport", "dpp", "--transport", "wps", "--wpa_supplicant_ctrl", wpa, "--hostapd_ctrl", hostapd]
        let environment = ["ESP_PROV_WPA_CTRL_DIR": directory!]
        guard asNobody else { return try Binaries.run("esp-prov", arguments, environment: environment, timeout: 30) }
        return try Binaries.runAsNobody(arguments, environment: environment)
    }

    func testRealDaemonsHaveDPPAndWPS() throws {
        if let reason = DaemonRig.unavailableReason { throw CannotRun(reason) }
        let rig = try DaemonRig()
        defer { rig.stop() }
        let station = try rig.startWpaSupplicant(name: "sta")
        let ap = try rig.startHostapd(name: "ap", config: "ssid=rig\nwps_state=2\neap_server=1")
        let result = try doctor(wpa: station.socketDirectory, hostapd: ap.socketDirectory)
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.stdout.contains("✓ wpa_supplicant on \(station.socketPath) has DPP (version "), result.output)
        XCTAssertTrue(result.stdout.contains("✓ hostapd on \(ap.socketPath) has DPP"), result.output)
        XCTAssertTrue(result.stdout.contains("✓ wpa_supplicant on \(station.socketPath) has WPS"), result.output)
        XCTAssertTrue(result.stdout.contains("✓ hostapd on \(ap.socketPath) has WPS"), result.output)
        XCTAssertFalse(rig.log(of: station).contains("DPP_BOOTSTRAP_GEN"), "doctor creates nothing")
    }

    func testDirectoryThisUserMayNotOpenNamesTheGroup() throws {
        if let reason = DaemonRig.unavailableReason { throw CannotRun(reason) }
        let rig = try DaemonRig()
        defer { rig.stop() }
        let station = try rig.startWpaSupplicant(name: "sta")
        let group = try XCTUnwrap(getgrnam("daemon") ?? getgrgid(1), "a system group to own the directory")
        let groupName = String(cString: group.pointee.gr_name)
        chown(station.socketDirectory, 0, group.pointee.gr_gid)
        chmod(station.socketDirectory, 0o770)
        let result = try doctor(wpa: station.socketDirectory, hostapd: directory + "/absent", asNobody: true)
        XCTAssertEqual(result.status, 29, result.output)
        XCTAssertTrue(result.stdout.contains("✗ this user may not use \(station.socketDirectory) (EACCES) → join the group '\(groupName)'"),
                      result.output)
        XCTAssertTrue(result.stdout.contains("- \(directory!)/absent does not exist"), result.output)
    }

    func testStaleSocketAndNoSocketsAtAll() throws {
        let stale = directory + "/wpa"
        mkdir(stale, 0o755)
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in (stale + "/wlan0").utf8.enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        XCTAssertEqual(bound, 0)
        close(descriptor)  // the file stays: a daemon that died without cleaning up

        let result = try doctor(wpa: stale, hostapd: directory + "/absent")
        XCTAssertEqual(result.status, 29, result.output)
        XCTAssertTrue(result.stdout.contains("✗ nothing answers on \(stale)/wlan0 (ECONNREFUSED"), result.output)

        let empty = directory + "/empty"
        mkdir(empty, 0o755)
        let none = try doctor(wpa: empty, hostapd: directory + "/absent")
        XCTAssertEqual(none.status, 29, none.output)
        XCTAssertTrue(none.stdout.contains("✗ no wpa_supplicant or hostapd control socket in \(empty) or \(directory!)/absent"), none.output)
        XCTAssertTrue(none.stderr.contains("error: doctor: DPP, WPS cannot work"), none.output)
    }

    func testBuildWithoutDPPOrWPS() throws {
        let wpa = directory + "/wpa"
        mkdir(wpa, 0o755)
        let fake = try FakeControlDaemon(path: wpa + "/wlan0") { command in
            command == "STATUS" ? .init(reply: "wpa_state=DISCONNECTED\n") : .init(reply: "UNKNOWN COMMAND\n")
        }
        defer { fake.stop() }
        let result = try doctor(wpa: wpa, hostapd: directory + "/absent")
        XCTAssertEqual(result.status, 29, result.output)
        XCTAssertTrue(result.stdout.contains("✗ wpa_supplicant on \(wpa)/wlan0 was built without DPP"), result.output)
        XCTAssertTrue(result.stdout.contains("✗ wpa_supplicant on \(wpa)/wlan0 was built without WPS"), result.output)
        // Only read-only probes were sent.
        XCTAssertEqual(Set(fake.commands), ["STATUS", "DPP_BOOTSTRAP_INFO 0", "WPS_CHECK_PIN 12345670"], "\(fake.commands)")
    }
}
