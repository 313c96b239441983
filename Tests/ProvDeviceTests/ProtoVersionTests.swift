import ProvDevice
import XCTest

/// `proto-ver` is the exact `cJSON_Print()` text of docs/protocol.md §1.3 (and a plain string on legacy firmware).
final class ProtoVersionTests: DeviceTestCase {
    private func version(_ configuration: DeviceConfiguration) async -> String? {
        let device = await makeDevice(configuration)
        return await device.send("proto-ver", Array("none".utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    func testDefaultDeviceIsTheSpecExampleByteForByte() async {
        let text = await version(DeviceConfiguration())
        XCTAssertEqual(text, "{\n\t\"prov\":\t{\n\t\t\"ver\":\t\"v1.1\",\n\t\t\"sec_ver\":\t2,\n\t\t\"sec_patch_ver\":\t1,\n\t\t\"cap\":\t[\"wifi_scan\"]\n\t}\n}")
    }

    func testSecurity1WithoutPoPPublishesNoPopFirstAndPatchZero() async {
        let text = await version(fastConfiguration(security: .sec1(pop: nil)))
        XCTAssertEqual(text, "{\n\t\"prov\":\t{\n\t\t\"ver\":\t\"v1.1\",\n\t\t\"sec_ver\":\t1,\n\t\t\"sec_patch_ver\":\t0,\n\t\t\"cap\":\t[\"no_pop\", \"wifi_scan\"]\n\t}\n}")
    }

    func testEmptyPoPIsNotNoPop() async {
        let text = await version(fastConfiguration(security: .sec1(pop: "")))
        XCTAssertEqual(text, "{\n\t\"prov\":\t{\n\t\t\"ver\":\t\"v1.1\",\n\t\t\"sec_ver\":\t1,\n\t\t\"sec_patch_ver\":\t0,\n\t\t\"cap\":\t[\"wifi_scan\"]\n\t}\n}")
    }

    func testNetworkProvisioningWiFiSecurity0() async {
        let text = await version(fastConfiguration(generation: .netprov, security: .sec0))
        XCTAssertEqual(text, "{\n\t\"prov\":\t{\n\t\t\"ver\":\t\"netprov-v1.2\",\n\t\t\"sec_ver\":\t0,\n\t\t\"sec_patch_ver\":\t0,\n\t\t\"cap\":\t[\"no_sec\", \"wifi_prov\", \"wifi_scan\"]\n\t}\n}")
    }

    func testNetworkProvisioningThreadCapabilities() async {
        let text = await version(fastConfiguration(generation: .netprov, security: .sec2(salt: ExampleCredentials.salt, verifier: ExampleCredentials.verifier)) {
            $0.networkType = .thread
        })
        XCTAssertEqual(text, "{\n\t\"prov\":\t{\n\t\t\"ver\":\t\"netprov-v1.2\",\n\t\t\"sec_ver\":\t2,\n\t\t\"sec_patch_ver\":\t1,\n\t\t\"cap\":\t[\"thread_prov\", \"thread_scan\"]\n\t}\n}")
    }

    func testUnpatchedFirmwareHasNoSecPatchVer() async {
        let text = await version(DeviceConfiguration(hasSec2IVFix: false))
        XCTAssertEqual(text, "{\n\t\"prov\":\t{\n\t\t\"ver\":\t\"v1.1\",\n\t\t\"sec_ver\":\t2,\n\t\t\"cap\":\t[\"wifi_scan\"]\n\t}\n}")
    }

    func testV4HasNeitherSecVerNorPatch() async {
        let text = await version(fastConfiguration(generation: .v4, security: .sec1(pop: "abcd1234")))
        XCTAssertEqual(text, "{\n\t\"prov\":\t{\n\t\t\"ver\":\t\"v1.1\",\n\t\t\"cap\":\t[\"wifi_scan\"]\n\t}\n}")
    }

    func testLegacyAnswersAPlainString() async {
        let text = await version(fastConfiguration(generation: .legacy, security: .sec0))
        XCTAssertEqual(text, "V0.1")
    }

    func testApplicationLabelsComeBeforeProv() async {
        let text = await version(fastConfiguration(security: .sec0) {
            $0.appInfo = [.init(label: "app", version: "1.0", capabilities: ["a", "b\"c"]), .init(label: "empty", version: "2")]
        })
        XCTAssertEqual(text, """
            {\n\t"app":\t{\n\t\t"ver":\t"1.0",\n\t\t"cap":\t["a", "b\\"c"]\n\t},\n\t"empty":\t{\n\t\t"ver":\t"2",\n\t\t"cap":\t[]\n\t},\
            \n\t"prov":\t{\n\t\t"ver":\t"v1.1",\n\t\t"sec_ver":\t0,\n\t\t"sec_patch_ver":\t0,\n\t\t"cap":\t["no_sec", "wifi_scan"]\n\t}\n}
            """)
    }

    func testBodyIsIgnoredAndNoHandshakeIsNeeded() async {
        let device = await makeDevice(DeviceConfiguration())
        let first = await device.send("proto-ver", Array("---".utf8))
        let second = await device.send("proto-ver", Array("wifi_scan".utf8))
        let other = await device.handle(endpoint: "proto-ver", session: 99, request: [0xff])
        XCTAssertNotNil(first)
        XCTAssertEqual(first, second)
        XCTAssertEqual(first, other)
        XCTAssertEqual(first, device.versionBytes)
    }
}
