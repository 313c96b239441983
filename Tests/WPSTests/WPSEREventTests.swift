@testable import WPS
import WpaCtrl
import XCTest

/// The External Registrar's events as wpa_supplicant 2.10 sends them (the first lines recorded from
/// the real daemons of WPSExternalRegistrarTests), plus hostile and truncated forms: what is kept,
/// and that the key of `WPS-ER-AP-SETTINGS` is never kept whatever the SSID or key hold.
final class WPSEREventTests: XCTestCase {
    private func event(_ line: String) -> WPSEREvent? { WPSEREvent(WpaCtrlEvent(parsing: line)) }

    func testRecordedAPAndEnrolleeAnnouncements() {
        XCTAssertEqual(
            event("<3>WPS-ER-AP-ADD 12345678-9abc-def0-1234-56789abcdef0 06:46:f2:58:ba:5e pri_dev_type=0-00000000-0 wps_state=2 |RigAP|||Rig|||"),
            .apAdded(WPSERAccessPoint(uuid: "12345678-9abc-def0-1234-56789abcdef0", mac: "06:46:f2:58:ba:5e", wpsState: 2,
                                      friendlyName: "RigAP", manufacturer: "", modelName: "Rig")))
        XCTAssertEqual(
            event("<3>WPS-ER-ENROLLEE-ADD 73fc7e9a-0006-56df-8ac3-71a50f1cb580 5e:eb:c4:c9:0a:6e M1=1 config_methods=0x3148 dev_passwd_id=0 pri_dev_type=0-00000000-0 |esp32-board| | | | |"),
            .enrolleeAdded(WPSEREnrollee(uuid: "73fc7e9a-0006-56df-8ac3-71a50f1cb580", mac: "5e:eb:c4:c9:0a:6e", sentM1: true,
                                         devicePasswordId: 0, deviceName: "esp32-board", manufacturer: " ", modelName: " ")))
        XCTAssertEqual(event("<3>WPS-ER-AP-REMOVE 12345678-9abc-def0-1234-56789abcdef0"),
                       .apRemoved(uuid: "12345678-9abc-def0-1234-56789abcdef0"))
        XCTAssertEqual(event("<3>WPS-ER-ENROLLEE-REMOVE 73fc7e9a-0006-56df-8ac3-71a50f1cb580 5e:eb:c4:c9:0a:6e"),
                       .enrolleeRemoved(uuid: "73fc7e9a-0006-56df-8ac3-71a50f1cb580", mac: "5e:eb:c4:c9:0a:6e"))
    }

    func testAPSettingsKeepEverythingButTheKey() {
        let recorded = event("<3>WPS-ER-AP-SETTINGS uuid=12345678-9abc-def0-1234-56789abcdef0 ssid=old-net auth_type=0x0020 encr_type=0x0008 key=oldsecret123")
        XCTAssertEqual(recorded, .apSettings(WPSERAPSettings(uuid: "12345678-9abc-def0-1234-56789abcdef0", ssid: "old-net",
                                                             authType: 0x20, encryptionType: 0x08)))
        guard case .apSettings(let settings)? = recorded else { return XCTFail("not decoded") }
        XCTAssertEqual(settings.authName, "WPA2PSK")
        XCTAssertEqual(settings.encryptionName, "CCMP")
        XCTAssertFalse("\(settings)".contains("oldsecret123"))
    }

    func testAnSSIDWithSpacesAndAKeyThatImitatesTheFieldsStaySeparate() {
        let key = "x auth_type=0x0001 encr_type=0x0001 key=y"
        let decoded = event("<3>WPS-ER-AP-SETTINGS uuid=u ssid=My Home key=net auth_type=0x0002 encr_type=0x0004 key=\(key)")
        guard case .apSettings(let settings)? = decoded else { return XCTFail("not decoded") }
        XCTAssertEqual(settings.ssid, "My Home key=net")
        XCTAssertEqual(settings.authType, 0x02)
        XCTAssertEqual(settings.encryptionType, 0x04)
        XCTAssertFalse("\(settings)".contains("x auth_type"), "nothing of the key is kept")
    }

    func testTruncatedOrForeignLinesAreNotDecoded() {
        for line in ["<3>WPS-ER-AP-ADD", "<3>WPS-ER-AP-ADD onlyuuid", "<3>WPS-ER-ENROLLEE-ADD u", "<3>WPS-ER-AP-REMOVE",
                     "<3>WPS-ER-AP-SETTINGS uuid=u ssid=net auth_type=0x00", "<3>WPS-ER-AP-SETTINGS ssid=net auth_type=0x0020 encr_type=0x0008 key=k",
                     "<3>WPS-ER-AP-SETTINGS uuid=u ssid=net auth_type=0xzzzz encr_type=0x0008 key=k", "<3>WPS-SUCCESS"] {
            XCTAssertNil(event(line), line)
        }
    }
}
