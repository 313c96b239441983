import TestSupport
import WPS
import XCTest

/// The WPS PIN checksum rule (docs/onboarding.md §3) on fixed vectors, and every way a PIN can be refused.
final class WPSPinTests: XCTestCase {
    func testValidPinsAreNormalised() throws {
        // 12345670: hostapd's README example; 24681353 and 00000000 by the rule; the rest as printed on labels.
        for (text, digits) in [("12345670", "12345670"), ("1234-5670", "12345670"), ("1234 5670", "12345670"),
                               ("24681353", "24681353"), ("00000000", "00000000"), ("4962-4120", "49624120")] {
            XCTAssertEqual(try WPSPin(parsing: text).digits, digits, text)
        }
    }

    func testCheckDigitMatchesTheRuleForEveryLastDigit() throws {
        XCTAssertEqual(WPSPin.checkDigit(of: [1, 2, 3, 4, 5, 6, 7]), 0)
        XCTAssertEqual(WPSPin.checkDigit(of: [2, 4, 6, 8, 1, 3, 5]), 3)
        for last in 0...9 where last != 0 {
            XCTAssertThrowsError(try WPSPin(parsing: "1234567\(last)")) { XCTAssertEqual($0 as? WPSPinError, .wrongChecksum) }
        }
    }

    /// WPS allows 4-digit PINs (no check digit) for registrars that show one; the daemons take them.
    func testFourDigitPinsAreAcceptedWithoutChecksum() throws {
        XCTAssertEqual(try WPSPin(parsing: "1234").digits, "1234")
        XCTAssertEqual(try WPSPin(parsing: "12 34").digits, "1234")
        XCTAssertEqual(try WPSPin(parsing: "0000").digits, "0000")
    }

    func testRefusals() {
        for (text, error) in [("", WPSPinError.empty), ("--", .empty), ("123", .wrongLength(3)), ("12345", .wrongLength(5)), ("1234567", .wrongLength(7)), ("123456700", .wrongLength(9)),
                              ("1234-567O", .notADigit("O")), ("1234_5670", .notADigit("_")), ("١٢٣٤٥٦٧٠", .notADigit("١"))] {
            XCTAssertThrowsError(try WPSPin(parsing: text), text) { XCTAssertEqual($0 as? WPSPinError, error, text) }
        }
    }
}

/// `esp-prov wps check-pin` as users run it: the normalised PIN on stdout, or exit 20 naming the checksum.
final class WPSCheckPinCommandTests: XCTestCase {
    func testPrintsTheNormalisedPinOrRefusesTheChecksum() async throws {
        // (argument, exit status, stdout, a phrase stderr must hold)
        let cases: [(String, Int32, String, String)] = [
            ("1234-5670", 0, "12345670\n", ""), ("12345678", 20, "", "checksum is wrong"),
            ("1234", 0, "1234\n", ""), ("12345", 2, "", "8 digits"),
        ]
        for (pin, status, stdout, stderr) in cases {
            let result = try await Binaries.run("esp-prov", ["wps", "check-pin", pin])
            XCTAssertEqual(result.status, status, "\(pin): \(result.output)")
            if status == 0 { XCTAssertEqual(result.stdout, stdout, pin) }
            if !stderr.isEmpty { XCTAssertTrue(result.stderr.contains(stderr), "\(pin): \(result.stderr)") }
        }
    }
}
