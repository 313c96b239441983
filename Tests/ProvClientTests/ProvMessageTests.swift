@testable import ProvClient
import XCTest

/// A library message keeps its remedies as values: a consumer reads them from the error and words
/// them itself, without parsing text.
final class ProvMessageTests: XCTestCase {
    func testRemediesAreValuesAndTheWordsAreTheFrontEnds() {
        let message: ProvMessage = "cannot scan: \(Remedy.giveSSID), or \(Remedy.resetDevice)"
        XCTAssertEqual(message.remedies, [.giveSSID, .resetDevice])
        XCTAssertEqual(message.description, "cannot scan: give the network's SSID, or reset the device (prov-ctrl reset)")
        XCTAssertEqual(message.rendered { "[\($0.rawValue)]" }, "cannot scan: [giveSSID], or [resetDevice]")
        let worded = message.rewording { "[\($0.rawValue)]" }
        XCTAssertEqual(worded.remedies, [], "once worded, it is text")
        XCTAssertEqual(worded, ProvMessage("cannot scan: [giveSSID], or [resetDevice]"))
    }

    func testEqualWordsAreEqualMessagesHoweverTheyWereBuilt() {
        let name = "PROV_1A2B3C"
        XCTAssertEqual("device \(name) not found" as ProvMessage, ProvMessage("device PROV_1A2B3C not found"))
        XCTAssertEqual(ProvMessage("a") + "" + "b", "ab")
        XCTAssertEqual(ProvMessage("") + "\(Remedy.giveSSID)", ProvMessage(parts: [.remedy(.giveSSID)]))
        XCTAssertNotEqual("\(Remedy.giveSSID)" as ProvMessage, ProvMessage(Remedy.giveSSID.description),
                          "a remedy and words that read like it are different messages")
    }

    /// An error interpolated into a message brings its remedies along; its text can be escaped
    /// without touching them.
    func testErrorsAndEscapingKeepRemedies() {
        let inner = ProvError.unsupported("no scan: \(Remedy.giveSSID)")
        let outer: ProvMessage = "credentials were sent, then: \(inner)"
        XCTAssertEqual(outer.remedies, [.giveSSID])
        let escaped = ("line\nbreak; \(Remedy.giveSSID)" as ProvMessage).mappingText { $0.replacingOccurrences(of: "\n", with: "\\n") }
        XCTAssertEqual(escaped.description, "line\\nbreak; give the network's SSID")
        XCTAssertEqual(escaped.remedies, [.giveSSID])
    }

    /// A handshake refused under a guessed scheme offers the guess's remedy as a value.
    func testAConsumerReadsTheRemediesOfALibraryError() throws {
        let plan = try SecurityPlan(requested: nil, device: try DeviceInfo(parsing: Array("v1.0".utf8)))
        XCTAssertEqual(ProvError.authentication("handshake refused").explainingGuess(plan).remedies, [.chooseSecurityVersion])
    }
}
