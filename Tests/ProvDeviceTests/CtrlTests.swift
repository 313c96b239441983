import ProvCrypto
import ProvDevice
import XCTest

/// `prov-ctrl` (docs/protocol.md §2.10, §6.1).
final class CtrlTests: DeviceTestCase {
    private func message(_ label: String) throws -> [UInt8] { try TestFixtures.message(label) }

    private func fail(_ device: VirtualDevice) async throws {
        _ = await device.send("prov-config", Payloads.setConfig("HomeNet", "wrong"))
        _ = await device.send("prov-config", Payloads.apply)
        let failed = try message("WiFiConfigPayload RespGetStatus ConnectionFailed/AuthError")
        await eventually("AuthError") { await device.send("prov-config", Payloads.getStatus) == failed }
    }

    func testResetOutsideFailIsInternalError() async throws {
        let device = await makeDevice(fastConfiguration())
        let response = await device.send("prov-ctrl", try message("WiFiCtrlPayload CmdCtrlReset (esp_prov: no payload)"))
        XCTAssertEqual(response, try message("WiFiCtrlPayload RespCtrlReset InternalError (not in FAIL state)"))
    }

    func testResetAfterFailureAllowsNewCredentialsButKeepsTheReportedFailure() async throws {
        let device = await makeDevice(fastConfiguration())
        try await fail(device)
        let reset = await device.send("prov-ctrl", Payloads.ctrlReset)
        XCTAssertEqual(reset, try message("WiFiCtrlPayload RespCtrlReset Success"))
        let status = await device.send("prov-config", Payloads.getStatus)
        XCTAssertEqual(status, try message("WiFiConfigPayload RespGetStatus ConnectionFailed/AuthError"), "wifi_state is not reset")
        let again = await device.send("prov-ctrl", Payloads.ctrlReset)
        XCTAssertEqual(again, try message("WiFiCtrlPayload RespCtrlReset InternalError (not in FAIL state)"))
        _ = await device.send("prov-config", Payloads.setConfig("HomeNet", "secret123"))
        let apply = await device.send("prov-config", Payloads.apply)
        XCTAssertEqual(apply, try message("WiFiConfigPayload RespApplyConfig Success"))
        let connected = try message("WiFiConfigPayload RespGetStatus Connected")
        await eventually("Connected") { await device.send("prov-config", Payloads.getStatus) == connected }
    }

    func testAttemptCounterSurvivesResetOnWiFiProvisioning() async throws {
        let device = await makeDevice(fastConfiguration { $0.wifiConnectionAttempts = 2 })
        try await fail(device)
        _ = await device.send("prov-ctrl", Payloads.ctrlReset)
        _ = await device.send("prov-config", Payloads.setConfig("Nowhere", "x"))
        _ = await device.send("prov-config", Payloads.apply)
        // The counter was not reset (fixed only in NP 1.2.2): the first failure is already final.
        let notFound = try message("WiFiConfigPayload RespGetStatus ConnectionFailed/NetworkNotFound")
        await eventually("NetworkNotFound without attempt_failed") {
            guard let status = await device.send("prov-config", Payloads.getStatus) else { return false }
            XCTAssertNotEqual(hexString(status).count, 20, "no attempt_failed report")  // "08015a06100162020801" is 20 hex digits
            return status == notFound
        }
    }

    func testReprovNeedsAutoStopDisabled() async throws {
        let device = await makeDevice(fastConfiguration())
        let refused = await device.send("prov-ctrl", try message("WiFiCtrlPayload CmdCtrlReprov"))
        XCTAssertEqual(refused, hex("080410057200"))
        let manual = await makeDevice(fastConfiguration { $0.autoStop = false })
        _ = await manual.send("prov-config", Payloads.setConfig("HomeNet", "secret123"))
        _ = await manual.send("prov-config", Payloads.apply)
        let connected = try message("WiFiConfigPayload RespGetStatus Connected")
        await eventually("Connected") { await manual.send("prov-config", Payloads.getStatus) == connected }
        let reprov = await manual.send("prov-ctrl", Payloads.ctrlReprov)
        XCTAssertEqual(reprov, try message("WiFiCtrlPayload RespCtrlReprov Success"))
        _ = await manual.send("prov-config", Payloads.setConfig("HomeNet", "secret123"))
        let apply = await manual.send("prov-config", Payloads.apply)
        XCTAssertEqual(apply, try message("WiFiConfigPayload RespApplyConfig Success"), "reprov re-opened ApplyConfig")
    }

    func testUnknownCtrlMessagesFail() async throws {
        let device = await makeDevice(fastConfiguration())
        for request: [UInt8] in [[], [0x08, 0x02], [0x08, 0x05], [0xff]] {
            let response = await device.send("prov-ctrl", request)
            XCTAssertNil(response, hexString(request))
        }
    }

    func testEndpointSetsPerGeneration() async {
        let v5 = VirtualDevice(configuration: fastConfiguration())
        XCTAssertEqual(v5.endpointNames, ["prov-ctrl", "prov-scan", "prov-session", "prov-config", "proto-ver", "custom-data"])
        let v50 = VirtualDevice(configuration: fastConfiguration { $0.provCtrl = false; $0.customEndpoints = ["a", "b"] })
        XCTAssertEqual(v50.endpointNames, ["prov-scan", "prov-session", "prov-config", "proto-ver", "a", "b"])
        let v4 = VirtualDevice(configuration: fastConfiguration(generation: .v4))
        XCTAssertEqual(v4.endpointNames, ["prov-scan", "prov-session", "prov-config", "proto-ver", "custom-data"])
        let legacy = VirtualDevice(configuration: fastConfiguration(generation: .legacy) { $0.customEndpoints = [] })
        XCTAssertEqual(legacy.endpointNames, ["prov-session", "prov-config", "proto-ver"])
        let netprov = VirtualDevice(configuration: fastConfiguration(generation: .netprov))
        XCTAssertEqual(netprov.endpointNames.first, "prov-ctrl")
        let device = await makeDevice(fastConfiguration(generation: .v4))
        let ctrl = await device.send("prov-ctrl", Payloads.ctrlReset)
        XCTAssertNil(ctrl, "no prov-ctrl before IDF v5.1")
    }

    func testConfigurationValidation() {
        XCTAssertThrowsError(try DeviceConfiguration(generation: .v4).validate(), "sec2 on v4")
        XCTAssertThrowsError(try DeviceConfiguration(generation: .legacy).validate())
        XCTAssertNoThrow(try DeviceConfiguration().validate())
        XCTAssertThrowsError(try DeviceConfiguration(customEndpoints: ["proto-ver"]).validate())
        XCTAssertThrowsError(try DeviceConfiguration(scanMaxEntries: 0).validate())
    }
}
