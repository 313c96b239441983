import ProvClient
import ProvConsoleTransport
@testable import esp_prov
import XCTest

/// A damaged reply on the console transport is most often a paste slip: the CLI adds a hint after
/// the library's words, and the violation keeps its facts (and so its exit status).
final class ConsoleHintTests: XCTestCase {
    func testOversizedPasteKeepsItsFactsUnderTheHint() async throws {
        let paste = String(repeating: "00", count: 5000)
        let transport = ConsoleTransport(io: .init(write: { _ in }, readLine: { paste }), maxResponseBytes: 4096)
        do {
            _ = try await transport.exchange("proto-ver", Array("---".utf8))
            XCTFail("a 5000-byte paste was accepted")
        } catch let error as ProvError {
            guard case .protocolViolation(let violation) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(violation.what, .tooLarge(endpoint: "proto-ver", size: 5000, limit: 4096, .consoleAnswer))
            let hinted = error.namingFlags.withConsoleHint
            guard case .protocolViolation(let withHint) = hinted else { return XCTFail("\(hinted)") }
            XCTAssertEqual(withHint.what, violation.what, "the hint keeps the facts")
            XCTAssertEqual(ExitStatus(for: hinted), ExitStatus(for: error))
            XCTAssertEqual("\(hinted)", "device protocol error: the answer for 'proto-ver' is 5000 bytes, more than any device sends "
                               + "(console transport: the reply hex was probably mistyped or cut short)")
        }
    }
}
