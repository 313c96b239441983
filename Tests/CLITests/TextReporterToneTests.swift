import Foundation
import ProvClient
@testable import esp_prov
import XCTest

/// On a terminal the text reporter colours esp_prov's milestones green and its failure lines red;
/// which lines those are is said where each is written, so text a device sends (a custom-data
/// reply, an SSID) never colours a line.
final class TextReporterToneTests: XCTestCase {
    private final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        func append(_ more: String) { lock.withLock { text += more } }
        var all: [String] { lock.withLock { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) } }
    }

    private func lines(_ events: [ProvEvent]) -> [String] {
        let lines = Lines()
        let reporter = TextReporter(verbose: false, colors: true, write: { lines.append($0) })
        events.forEach(reporter.report)
        return lines.all.filter { !$0.isEmpty }
    }

    private let green = "\u{1B}[32m", red = "\u{1B}[31m", reset = "\u{1B}[0m"

    func testMilestonesAreGreenFailuresRedAndDeviceTextPlain() {
        let printed = lines([
            .sessionEstablished(.sec1),
            .customReply(endpoint: "custom-data", reply: Array("successful".utf8)),
            .wifiState(.failed(.wrongPassword), elapsed: 1),
            .threadState(.disconnected, elapsed: 1),
        ])
        XCTAssertEqual(printed, [
            "\(green)==== Session Established ====\(reset)",
            "++++ CustomData response: b'successful'++++",
            "\(green)==== Custom data sent successfully ====\(reset)",
            "==== Wi-Fi connection state  ====",
            "\(red)---- WiFi state: Connection Failed ----\(reset)",
            "\(red)---- Failure reason: Incorrect Password ----\(reset)",
            "==== Thread connection state  ====",
            "==== Thread state: Detached ====",
        ])
    }

    func testWithoutColoursNothingIsWrapped() {
        let lines = Lines()
        TextReporter(verbose: false, colors: false, write: { lines.append($0) }).report(.sessionEstablished(.sec1))
        XCTAssertEqual(lines.all.filter { !$0.isEmpty }, ["==== Session Established ===="])
    }
}
