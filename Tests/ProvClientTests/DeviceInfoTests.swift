import XCTest
@testable import ProvClient

/// proto-ver as real firmware sends it (docs/protocol.md §1.3: cJSON formatted output).
final class DeviceInfoTests: XCTestCase {
    func testParsesSec2DeviceJSON() throws {
        let text = "{\n\t\"prov\":\t{\n\t\t\"ver\":\t\"v1.1\",\n\t\t\"sec_ver\":\t2,\n\t\t\"sec_patch_ver\":\t1,\n\t\t\"cap\":\t[\"wifi_scan\"]\n\t}\n}"
        let info = try DeviceInfo(parsing: Array(text.utf8))
        XCTAssertEqual(info.version, "v1.1")
        XCTAssertEqual(info.securityVersion, 2)
        XCTAssertEqual(info.securityPatchVersion, 1)
        XCTAssertEqual(info.capabilities, ["wifi_scan"])
        XCTAssertEqual(info.manager, .wifiProvisioning)
        XCTAssertEqual(info.network, .wifi)
        XCTAssertTrue(info.canScan)
    }

    func testParsesNetworkProvisioningThreadDevice() throws {
        let text = #"{"prov":{"ver":"netprov-v1.2","sec_ver":0,"cap":["no_sec","thread_prov","thread_scan"]}}"#
        let info = try DeviceInfo(parsing: Array(text.utf8))
        XCTAssertEqual(info.manager, .networkProvisioning)
        XCTAssertEqual(info.network, .thread)
        XCTAssertTrue(info.canScan)
        XCTAssertNil(info.securityPatchVersion)
    }

    func testPlainStringOfOldFirmwareHasNoCapabilities() throws {
        let info = try DeviceInfo(parsing: Array("V0.1".utf8))
        XCTAssertFalse(info.isJSON)
        XCTAssertEqual(info.version, "V0.1")
        XCTAssertEqual(info.capabilities, [])
        XCTAssertTrue(info.matches(protocolVersion: "v0.1"))
        XCTAssertEqual(try SecurityPlan(requested: nil, device: info).version, .sec1)
    }

    func testJSONWithoutProvIsAcceptedWithoutCapabilities() throws {
        let info = try DeviceInfo(parsing: Array(#"{"app":{"ver":"1.0","cap":[]}}"#.utf8))
        XCTAssertTrue(info.isJSON)
        XCTAssertEqual(info.capabilities, [])
        XCTAssertEqual(info.applications, ["app": "1.0"])
    }

    func testRejectsMalformedFields() {
        for text in [
            #"{"prov":"v1.1"}"#, #"{"prov":{"ver":3}}"#, #"{"prov":{"sec_ver":7}}"#, #"{"prov":{"sec_ver":true}}"#,
            #"{"prov":{"sec_ver":1.5}}"#, #"{"prov":{"cap":"wifi_scan"}}"#, #"{"prov":{"cap":[1,2]}}"#,
        ] {
            XCTAssertThrowsError(try DeviceInfo(parsing: Array(text.utf8)), text) { error in
                guard case ProvError.protocolViolation = error else { return XCTFail("\(text): \(error)") }
            }
        }
    }

    func testSchemeFollowsDeviceAndRejectsContradiction() throws {
        let sec2 = try DeviceInfo(parsing: Array(#"{"prov":{"ver":"v1.1","sec_ver":2,"sec_patch_ver":1,"cap":["wifi_scan"]}}"#.utf8))
        let plan = try SecurityPlan(requested: nil, device: sec2)
        XCTAssertEqual(plan.version, .sec2)
        XCTAssertEqual(plan.ivMode, .counter)
        XCTAssertThrowsError(try SecurityPlan(requested: .sec1, device: sec2)) { error in
            XCTAssertEqual(error as? ProvError, .invalid(.securityVersion(requested: .sec1, device: .sec2)))
        }
        let unpatched = try DeviceInfo(parsing: Array(#"{"prov":{"ver":"v1.1","sec_ver":2,"cap":[]}}"#.utf8))
        XCTAssertEqual(try SecurityPlan(requested: nil, device: unpatched).ivMode, .staticIV)
    }

    func testV4DeviceFallsBackOnCapabilities() throws {
        let noSec = try DeviceInfo(parsing: Array(#"{"prov":{"ver":"v1.1","cap":["no_sec","wifi_scan"]}}"#.utf8))
        XCTAssertEqual(try SecurityPlan(requested: nil, device: noSec).version, .sec0)
        let noPop = try DeviceInfo(parsing: Array(#"{"prov":{"ver":"v1.1","cap":["no_pop","wifi_scan"]}}"#.utf8))
        let plan = try SecurityPlan(requested: nil, device: noPop)
        XCTAssertEqual(plan.version, .sec1)
        XCTAssertFalse(plan.needsProofOfPossession)
    }
}

/// A request printed by accident (a log line, a failed assertion) must not show its secrets.
final class ProvisioningRequestDescriptionTests: XCTestCase {
    func testDescriptionNeverShowsSecrets() {
        let request = ProvisioningRequest(
            goal: .wifi(ssid: "HomeNet", passphrase: "secret123"), security: .sec2,
            credentials: CredentialCandidates(proofOfPossession: "pop-7", username: "wifiprov", password: "abcd1234"))
        for text in [String(describing: request), String(reflecting: request), "\(request)"] {
            XCTAssertFalse(text.contains("secret123") || text.contains("abcd1234") || text.contains("pop-7"), text)
            XCTAssertTrue(text.contains("HomeNet") && text.contains("password"), text)
        }
    }
}
