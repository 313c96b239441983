import ProvBatch
import ProvClient
@testable import esp_prov
import XCTest

/// Errors are values rendered at the edge: a remedy is a value in the error, the CLI words it with
/// its flags, and no text (the library's or a device's) is ever searched for a remedy.
final class ErrorRenderingTests: XCTestCase {
    /// Every case that carries a message, so each remedy is rendered through each of them.
    private func everyCarrier(_ message: ProvMessage) -> [ProvError] {
        [.usage(message), .transport(TransportFailure(message)), .bluetoothUnavailable(BluetoothUnavailable(message)),
         .authentication(AuthenticationFailure(message)), .threadAttachFailed(ThreadAttachFailure(message)),
         .threadNetworkNotFound(ThreadAttachFailure(message)), .timeout(TimeoutFailure(message)),
         .protocolViolation(ProtocolViolation(message)), .deviceRefused(DeviceRefusal(message)), .unsupported(Unsupported(message)),
         .outcomeUnknown(OutcomeUnknown(message)),
         .internalError(message)]
    }

    func testEveryRemedyIsAValueTheCLIWordsWithItsFlags() {
        for remedy in Remedy.allCases {
            for error in everyCarrier("before; \(remedy); after") {
                XCTAssertEqual(error.remedies, [remedy], "\(error)")
                let neutral = "\(error)", cli = "\(error.namingFlags)"
                XCTAssertTrue(neutral.contains("before; \(remedy.description); after"), neutral)
                XCTAssertFalse(neutral.contains("--"), "the library names no flag: \(neutral)")
                XCTAssertTrue(cli.contains("before; \(remedy.flagWording); after"), cli)
                XCTAssertEqual(ExitStatus(for: error.namingFlags), ExitStatus(for: error), "\(error)")
                XCTAssertEqual(error.namingFlags.namingFlags, error.namingFlags, "worded once, then it is text")
            }
        }
    }

    /// Text from outside (a device's name or answer, a daemon's message) that happens to read like a
    /// remedy is not one: it is neither reported as a remedy nor rewritten into a flag.
    func testTextThatReadsLikeARemedyIsNotOne() {
        for remedy in Remedy.allCases {
            let foreign = ProvMessage("BLE device 'x' not found; available: \(remedy.description)")
            for error in everyCarrier(foreign) {
                XCTAssertEqual(error.remedies, [], "\(error)")
                XCTAssertTrue("\(error.namingFlags)".contains("available: \(remedy.description)"), "\(error.namingFlags)")
            }
        }
    }

    /// An error interpolated into another (outcome unknown after the credentials went out, a guessed
    /// scheme's explanation) keeps its remedies as values.
    func testWrappedErrorsKeepTheirRemedies() {
        let status = ProvError.timeout("the device was still connecting; \(Remedy.raiseStatusTimeout) or check the access point")
        XCTAssertEqual(status.afterCredentialsSent(), status, "the device's own verdict stays")
        let unknown = ProvError.transport("cannot connect; \(Remedy.checkServiceAddress)").afterCredentialsSent()
        guard case .outcomeUnknown = unknown else { return XCTFail("\(unknown)") }
        XCTAssertEqual(unknown.remedies, [.checkServiceAddress, .undoWithReset], "the wrapped error's, then the undo")
        XCTAssertTrue("\(unknown.namingFlags)".hasPrefix("credentials were sent, then: cannot connect; check --service_name: "),
                      "\(unknown.namingFlags)")
    }

    /// A manifest problem's remedy is a value through to the batch's usage error.
    func testManifestProblemsKeepTheirRemediesAsValues() {
        let error = ManifestError([ManifestProblem(location: "devices[0]", message: "no Wi-Fi network: give ssid (or \(Remedy.giveDefaultSSID))")])
        XCTAssertEqual(error.message.remedies, [.giveDefaultSSID])
        XCTAssertEqual("\(ProvError.usage(error.message).namingFlags)", "manifest: devices[0]: no Wi-Fi network: give ssid (or --ssid)")
    }
}
