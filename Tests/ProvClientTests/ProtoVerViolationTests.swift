import ProvClient
import XCTest

/// A malformed `proto-ver` is refused with facts a program can act on: which member is of the wrong
/// shape, which text holds control characters, how large the reply was.
final class ProtoVerViolationTests: XCTestCase {
    private func violation(_ text: String) -> ProtocolViolation.What? {
        violation(Array(text.utf8))
    }

    private func violation(_ bytes: [UInt8]) -> ProtocolViolation.What? {
        do {
            _ = try DeviceInfo(parsing: bytes)
        } catch ProvError.protocolViolation(let violation) {
            return violation.what
        } catch {
            XCTFail("\(error)")
        }
        return nil
    }

    func testMembersOfTheWrongShapeAreNamed() {
        XCTAssertEqual(violation(#"{"prov":[]}"#), .protoVerField("prov", isNot: .object))
        XCTAssertEqual(violation(#"{"prov":{"ver":1}}"#), .protoVerField("prov.ver", isNot: .string))
        XCTAssertEqual(violation(#"{"prov":{"cap":"wifi_scan"}}"#), .protoVerField("prov.cap", isNot: .list))
        XCTAssertEqual(violation(#"{"prov":{"cap":[1]}}"#), .protoVerField("prov.cap", isNot: .listOfStrings))
        XCTAssertEqual(violation(#"{"prov":{"sec_ver":7}}"#), .protoVerField("sec_ver", isNot: .integer(in: 0...2)))
    }

    func testControlCharactersAndSizeAreFacts() {
        XCTAssertEqual(violation(#"{"prov":{"cap":["wifi\u001b[2J"]}}"#),
                       .controlCharacters(source: "proto-ver capability", text: "wifi\u{1b}[2J"))
        XCTAssertEqual(violation([UInt8](repeating: 0x20, count: 5000)),
                       .tooLarge(endpoint: "proto-ver", size: 5000, limit: 4096, .protoVerReply))
    }
}
