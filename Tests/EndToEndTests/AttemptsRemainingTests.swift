import Foundation
import TestSupport
import XCTest

/// A device built with `wifi_conn_attempts` retries a failed connection by itself and says how many
/// tries it has left (`attempt_failed { attempts_remaining: N }`): a person watching, and a CI log,
/// should see that count rather than a bare "Connecting..." that looks stuck.
final class AttemptsRemainingTests: EndToEndCase {
    private let attempts = ["--network", "HomeNet:secret123", "--wifi_conn_attempts", "3", "--attempt_interval", "1",
                            "--connect_delay", "1.2"]
    private var client: [String] { sec2 + ["--ssid", "HomeNet", "--passphrase", "s3cr3t-PW"] }

    func testTextShowsTheAttemptsRemaining() throws {
        let result = try espProv(client, device: try device(attempts), expect: 5)
        XCTAssertTrue(result.stdout.contains("++++ WiFi state: Connecting... ++++\nConnection attempt failed, attempts remaining: 2\n"),
                      result.output)
        XCTAssertTrue(result.stdout.contains("attempts remaining: 1"), result.output)
        XCTAssertFalse(result.stdout.contains("attempts remaining: 3"), "the device never has all three left after a failure")
    }

    func testJSONCarriesAttemptsRemainingOnWiFiStatus() throws {
        let result = try espProv(["--json"] + client, device: try device(attempts), expect: 5)
        let statuses = try result.stdout.split(separator: "\n").compactMap { line -> [String: Any]? in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["event"] as? String == "wifi_status" ? object : nil
        }
        let remaining = statuses.compactMap { $0["attempts_remaining"] as? Int }
        XCTAssertEqual(Array(Set(remaining)).sorted(), [1, 2], result.stdout)
        XCTAssertEqual(remaining, remaining.sorted(by: >), "the count only goes down: \(remaining)")
    }
}
