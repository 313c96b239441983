import Foundation
import TestSupport
import XCTest

/// Ctrl-C (or SIGTERM) ends a run with exit 130 and says what it means for the device: before any
/// credentials were sent nothing changed; after, the outcome is unknown and the user is told how to
/// check or undo. Under `--json` the last line is still the `result`.
final class InterruptTests: EndToEndCase {
    private func start(_ device: DeviceProcess, _ arguments: [String]) throws -> InteractiveProcess {
        try InteractiveProcess("esp-prov", ["--transport", "softap", "--service_name", device.serviceName] + arguments)
    }

    func testInterruptAtAPromptChangedNothing() throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let run = try start(device, ["--ssid", "HomeNet", "--passphrase", "secret123"])
        try run.expect("Security Scheme 2 - SRP6a Username required: ")
        run.signal(SIGINT)
        XCTAssertEqual(try run.wait(), 130, run.transcript)
        XCTAssertTrue(run.transcript.contains("error: interrupted before anything was sent to the device: nothing was changed on it"),
                      run.transcript)
        run.closeInput()
    }

    func testInterruptAfterApplyIsAnUnknownOutcome() throws {
        let device = try device(["--network", "HomeNet:secret123", "--connect_delay", "30"])
        let run = try start(device, ["--json", "--sec2_username", "wifiprov", "--sec2_pwd", "abcd1234", "--ssid", "HomeNet",
                                     "--passphrase", "secret123"])
        try run.expect(#""event":"config_applied""#)
        run.signal(SIGTERM)
        XCTAssertEqual(try run.wait(), 130, run.transcript)
        XCTAssertTrue(run.transcript.contains("the outcome is unknown"), run.transcript)
        XCTAssertTrue(run.transcript.contains("--reset"), run.transcript)
        let result = try XCTUnwrap(run.transcript.split(separator: "\n").last { $0.hasPrefix("{") })
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.utf8)) as? [String: Any])
        XCTAssertEqual(object["event"] as? String, "result")
        XCTAssertEqual(object["error"] as? String, "interrupted")
        XCTAssertEqual(object["exit_code"] as? Int, 130)
        run.closeInput()
    }
}
