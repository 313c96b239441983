import ProvCrypto
import ProvDevice
import ProvMessages
import XCTest

/// `prov-scan` (docs/protocol.md §6.3) on security 0.
final class WiFiScanTests: DeviceTestCase {
    private func message(_ label: String) throws -> [UInt8] { try TestFixtures.message("WiFiScanPayload " + label) }

    private let twoAPs = [
        ScanEntry(ssid: "Cafe", bssid: [0x11, 0x22, 0x33, 0x44, 0x55, 0x66], channel: 11, rssi: -70, auth: 0),
        ScanEntry(ssid: "HomeNet", bssid: [0xa0, 0xb1, 0xc2, 0xd3, 0xe4, 0xf5], channel: 6, rssi: -45, auth: 3),
    ]

    func testFixtureScanConversation() async throws {
        let device = await makeDevice(fastConfiguration { $0.scanResults = self.twoAPs })
        let start = await device.send("prov-scan", try message("CmdScanStart (esp_prov softap/httpd)"))
        XCTAssertEqual(start, try message("RespScanStart"))
        let status = await device.send("prov-scan", try message("CmdScanStatus (esp_prov: no payload)"))
        XCTAssertEqual(status, try message("RespScanStatus finished, 2"))
        // Sorted strongest first although the list had Cafe first.
        let result = await device.send("prov-scan", try message("CmdScanResult 0..2"))
        XCTAssertEqual(result, try message("RespScanResult 2 entries"))
        let past = await device.send("prov-scan", Payloads.scanResult(start: 2, count: 1))
        XCTAssertEqual(past, try message("RespScanResult InternalError, 0 entries"))
    }

    func testMissingIndexStopsTheListWithInternalError() async throws {
        let device = await makeDevice(fastConfiguration { $0.scanResults = self.twoAPs })
        _ = await device.send("prov-scan", Payloads.scanStart(blocking: true))
        let response = try await XCTUnwrapAsync(await device.send("prov-scan", Payloads.scanResult(start: 1, count: 3)))
        let payload = try WiFiScanPayload(serializedBytes: response)
        XCTAssertEqual(payload.status, .internalError)
        XCTAssertEqual(payload.respScanResult.entries.map { String(decoding: $0.ssid, as: UTF8.self) }, ["Cafe"])
        let none = try await XCTUnwrapAsync(await device.send("prov-scan", Payloads.scanResult(start: 0, count: 0)))
        XCTAssertEqual(none, hex("08057a00"), "count 0: empty list, Success")
    }

    func testResultBoundsFailTheRequest() async throws {
        let device = await makeDevice(fastConfiguration())
        _ = await device.send("prov-scan", Payloads.scanStart(blocking: true))
        let beyond = await device.send("prov-scan", Payloads.scanResult(start: 16, count: 0))
        XCTAssertNil(beyond, "start_index ≥ MAX")
        let tooMany = await device.send("prov-scan", Payloads.scanResult(start: 10, count: 7))
        XCTAssertNil(tooMany, "count > MAX − start_index")
        let huge = await device.send("prov-scan", Payloads.scanResult(start: 1, count: UInt32.max))
        XCTAssertNil(huge)
        let edge = await device.send("prov-scan", Payloads.scanResult(start: 10, count: 6))
        XCTAssertNotNil(edge, "count = MAX − start_index is allowed")
    }

    func testResultsAreSortedAndCappedAtMaxEntries() async throws {
        let device = await makeDevice(fastConfiguration { $0.scanMaxEntries = 3 })
        _ = await device.send("prov-scan", Payloads.scanStart(blocking: true))
        let status = try WiFiScanPayload(serializedBytes: try await XCTUnwrapAsync(await device.send("prov-scan", Payloads.scanStatus)))
        XCTAssertEqual(status.respScanStatus.resultCount, 3)
        let result = try WiFiScanPayload(serializedBytes: try await XCTUnwrapAsync(await device.send("prov-scan", Payloads.scanResult(start: 0, count: 3))))
        XCTAssertEqual(result.respScanResult.entries.map(\.rssi), [-45, -58, -70])
        let overMax = await device.send("prov-scan", Payloads.scanResult(start: 0, count: 4))
        XCTAssertNil(overMax)
    }

    func testAuthModesAboveSevenPassThrough() async throws {
        let device = await makeDevice(fastConfiguration {
            $0.scanResults = [ScanEntry(ssid: "OWE", bssid: [2, 0, 0, 0, 0, 1], channel: 1, rssi: -40, auth: 9)]
        })
        _ = await device.send("prov-scan", Payloads.scanStart(blocking: true))
        let result = try await XCTUnwrapAsync(await device.send("prov-scan", Payloads.scanResult(start: 0, count: 1)))
        XCTAssertEqual(hexString(result), "08057a1e0a1c0a034f5745100118d8ffffffffffffffff0122060200000000012809")
    }

    func testBlockingScanTakesTheScanDuration() async throws {
        let device = await makeDevice(fastConfiguration { $0.scanDuration = .milliseconds(200) })
        let clock = ContinuousClock()
        let started = clock.now
        let response = await device.send("prov-scan", Payloads.scanStart(blocking: true))
        XCTAssertEqual(response, try message("RespScanStart"))
        XCTAssertGreaterThanOrEqual(clock.now - started, .milliseconds(200))
    }

    func testNonBlockingScanFinishesLater() async throws {
        let device = await makeDevice(fastConfiguration { $0.scanDuration = .milliseconds(400) })
        let response = await device.send("prov-scan", try message("CmdScanStart (esp_prov BLE)").replacingBlocking(false))
        XCTAssertEqual(response, try message("RespScanStart"))
        let running = try WiFiScanPayload(serializedBytes: try await XCTUnwrapAsync(await device.send("prov-scan", Payloads.scanStatus)))
        XCTAssertFalse(running.respScanStatus.scanFinished)
        XCTAssertEqual(running.respScanStatus.resultCount, 0)
        // A second start while running succeeds at once.
        let again = await device.send("prov-scan", Payloads.scanStart(blocking: true))
        XCTAssertEqual(again, try message("RespScanStart"))
        await eventually("scan finished") {
            guard let bytes = await device.send("prov-scan", Payloads.scanStatus),
                  let status = try? WiFiScanPayload(serializedBytes: bytes) else { return false }
            return status.respScanStatus.scanFinished && status.respScanStatus.resultCount == 5
        }
    }

    func testBadRequestsFail() async throws {
        let device = await makeDevice(fastConfiguration())
        let startWithoutPayload = await device.send("prov-scan", [])
        XCTAssertNil(startWithoutPayload)
        let resultWithoutPayload = await device.send("prov-scan", [0x08, 0x04])
        XCTAssertNil(resultWithoutPayload)
        let unknown = await device.send("prov-scan", [0x08, 0x06])
        XCTAssertNil(unknown)
        let garbage = await device.send("prov-scan", [0x0a])
        XCTAssertNil(garbage)
    }
}

private extension Array where Element == UInt8 {
    /// Re-encodes a ScanStart with another `blocking` value.
    func replacingBlocking(_ blocking: Bool) throws -> [UInt8] {
        var payload = try WiFiScanPayload(serializedBytes: self)
        payload.cmdScanStart.blocking = blocking
        return try payload.serializedBytes()
    }
}
