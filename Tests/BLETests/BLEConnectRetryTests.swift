import FakeBlueZ
import Foundation
import ProvClient
import ProvBlueZ
import ProvDevice
import TestSupport
import XCTest

/// BlueZ's connect flake: `Device1.Connect` to an advertising board fails with
/// `le-connection-abort-by-local` (or `InProgress`) and the next try works. esp-prov retries a bounded
/// number of times inside the connect deadline, says so with `-v`, and then gives its clear error.
final class BLEConnectRetryTests: BLETestCase {
    private func quickRetries() -> BLETransportOptions {
        var options = options()
        options.connectRetryPause = .milliseconds(20)
        return options
    }

    func testTwoAbortsThenTheCLIConnectsAndSaysSoWithVerbose() async throws {
        var fakeOptions = FakeBlueZOptions(failingConnects: 2)
        fakeOptions.failingConnectError = .abortByLocal
        let fake = try await startFake(fakeOptions, peripherals: [
            FakePeripheral(name: "PROV_1A2B3C", address: Self.address, backend: VirtualDevice(configuration: DeviceConfiguration())),
        ])
        let result = try await Binaries.run(
            "esp-prov", ["-v", "--transport", "ble", "--service_name", "PROV_1A2B3C", "--sec_ver", "2", "--sec2_username", "wifiprov",
                         "--sec2_pwd", "abcd1234", "--ssid", "HomeNet", "--passphrase", "secret123"],
            environment: ["DBUS_SYSTEM_BUS_ADDRESS": bus.address], timeout: 30)
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.stdout.contains("==== Provisioning was successful ===="), result.output)
        for retry in ["retry 1 of 3", "retry 2 of 3"] {
            XCTAssertTrue(result.stdout.contains("le-connection-abort-by-local), BlueZ's known connect flake; \(retry)"), result.output)
        }
        XCTAssertFalse(result.stdout.contains("retry 3 of 3"), result.output)
        let calls = await fake.calls
        XCTAssertEqual(calls.filter { $0.hasPrefix("Device1.Connect") }.count, 3, "\(calls)")
        XCTAssertFalse(calls.contains("Adapter1.RemoveDevice hci0"), "a flake needs no cache purge: \(calls)")
    }

    func testInProgressIsRetriedToo() async throws {
        var fakeOptions = FakeBlueZOptions(failingConnects: 3)
        fakeOptions.failingConnectError = .inProgress
        let fake = try await startFake(fakeOptions)
        let transport = try await connect(quickRetries())
        await transport.close()
        let calls = await fake.calls
        XCTAssertEqual(calls.filter { $0.hasPrefix("Device1.Connect") }.count, 4, "\(calls)")
    }

    func testAFlakeThatNeverClearsEndsInTheClearErrorAfterBoundedTries() async throws {
        let fake = try await startFake(FakeBlueZOptions(failingConnects: 1000))
        guard let message = await transportFailure({ _ = try await self.connect(self.quickRetries()) }) else { return }
        XCTAssertTrue(message.contains("24:0A:C4:1A:2B:3C"), message)
        XCTAssertTrue(message.contains("le-connection-abort-by-local"), message)
        let calls = await fake.calls
        // 1 + 3 retries, the cache purge and rediscovery, then 1 + 3 again: bounded, never endless.
        XCTAssertEqual(calls.filter { $0.hasPrefix("Device1.Connect") }.count, 8, "\(calls)")
        XCTAssertEqual(calls.filter { $0 == "Adapter1.RemoveDevice hci0" }.count, 1, "\(calls)")
    }
}
