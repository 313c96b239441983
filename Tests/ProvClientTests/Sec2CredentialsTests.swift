import TestSupport
import XCTest
@testable import ProvClient

/// `--sec2_gen_cred` output must stay byte-compatible with esp_prov's (docs/protocol.md §5.4).
final class Sec2CredentialsTests: XCTestCase {
    func testFormatMatchesEspProvByteForByte() throws {
        let expected = try Fixtures.text("sec2_gen_cred_example.txt")
        let parsed = try Sec2Credentials(parsingCArrays: expected)
        XCTAssertEqual(parsed.salt.hex, "036ee0c7bcb9eda84c9eac97d93decf4")
        XCTAssertEqual(parsed.verifier.count, 384)
        XCTAssertEqual(parsed.cArrays, expected)
    }

    func testGeneratedCredentialsHaveTheRequestedSaltLength() throws {
        for length in [1, 16, 32] {
            let credentials = try Sec2Credentials.generate(username: "u", password: "p", saltLength: length)
            XCTAssertEqual(credentials.salt.count, length)
            XCTAssertEqual(try Sec2Credentials(parsingCArrays: credentials.cArrays), credentials)
        }
        XCTAssertThrowsError(try Sec2Credentials.generate(username: "", password: "p"))
    }

    func testAmbiguousCredentialsAreWarnedAbout() {
        // SHA-512("wifiprov:pw69") starts with 0x00 (docs/protocol.md §3.4).
        XCTAssertNotNil(Sec2Credentials.ambiguityWarning(username: "wifiprov", password: "pw69"))
        XCTAssertNil(Sec2Credentials.ambiguityWarning(username: "wifiprov", password: "abcd1234"))
    }
}
