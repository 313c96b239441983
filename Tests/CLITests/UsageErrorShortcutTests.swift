import Foundation
import XCTest
@testable import esp_prov

/// `UsageErrorShortcut` answers a usage error without the parser; every answer it gives must be
/// the parser's own message, byte for byte, and it must leave alone what it cannot be sure of.
final class UsageErrorShortcutTests: XCTestCase {
    override func setUp() {
        setenv("COLUMNS", String(RenderedHelpSource.columns), 1)
    }

    override func tearDown() {
        unsetenv("COLUMNS")
    }

    /// Command lines with one mistake (or none, or one the shortcut must leave to the parser).
    private var corpus: [[String]] {
        var lines: [[String]] = [
            ["--transport", "softap", "--sec_ver", "x"], ["--sec_ver", "x"], ["--sec-ver", ""], ["--sec_ver", "1.5"],
            ["--sec_ver", "1e3"], ["--sec_ver", " 1"], ["--sec_ver", "0x10"], ["--sec_ver", "99999999999999999999"],
            ["--timeout", "soon"], ["--timeout", "1e3"], ["--timeout", "nan"], ["--request_timeout", ""],
            ["--scan_timeout", "x"], ["--sec2_salt_len", "sixteen"], ["--transport", "softap", "--timeout", "x", "-v"],
            ["--sssid", "x"], ["--ssid", "x", "--sssid"], ["--transport", "softap", "--bogus"], ["--hepl"], ["--jsno"],
            ["--sec2-pw", "x"], ["--sec2_pwdd", "x"], ["--scan_timeout", "0", "--sssid", "x"], ["-V", "--sssid", "x"],
            ["-V", "--sec_ver", "x"], ["--sec_ver", "x", "--sssid", "y"], ["--sec_ver", "x", "--timeout", "y"],
            ["--sec_ver", "x", "--sec_ver", "1"], ["--sec_ver", "-1"], ["--sec_ver=x"], ["--sssid=x"], ["--sec_ver"],
            ["--transport", "SOFTAP", "--sec_ver", "x"], ["--transport", "wifi", "--sec_ver", "x"], ["--sec_ver", "x", "stray"],
            ["--sec_ver", "x", "--help"], ["--sec_ver", "x", "-h"], ["--ssid", "x"], ["--transport", "softap"],
            ["--sec_ver", "x", "--qr", "DPP:K:abc;;"], ["-vv", "--sec_ver", "x"], ["--generate-completion-script", "bash"],
            ["--sec_ver", "x", "--", "y"], ["--reset", "--sec_ver", "x"], ["--reset", "--reset", "--sec_ver", "x"],
        ]
        for option in RenderedHelp.provisionOptions {
            for name in option.names where name.hasPrefix("--") {
                lines += [[name + "x"], [String(name.dropLast())], [name.replacingOccurrences(of: "_", with: "")]]
                if case .none = option.value { continue }
                lines += [[name, "x"], [name, "12"], [name, "1.25"], ["--transport", "ble", name, "-x"]]
            }
        }
        return lines
    }

    func testEveryAnswerIsTheParsersMessage() throws {
        var answered = 0
        for arguments in corpus {
            guard let shortcut = UsageErrorShortcut.message(for: arguments) else { continue }
            answered += 1
            XCTAssertEqual(shortcut, RenderedHelpSource.parserUsageError(arguments), "\(arguments)")
        }
        XCTAssertGreaterThan(answered, 100, "the shortcut answers almost nothing: run `make rendered-help`")
    }

    func testItAnswersTheBenchmarkedErrorAndTheMisspeltFlag() throws {
        for arguments in [["--transport", "softap", "--sec_ver", "x"], ["--sssid", "x"]] {
            XCTAssertEqual(UsageErrorShortcut.message(for: arguments), RenderedHelpSource.parserUsageError(arguments), "\(arguments)")
            XCTAssertNotNil(UsageErrorShortcut.message(for: arguments), "\(arguments)")
        }
        XCTAssertTrue(UsageErrorShortcut.message(for: ["--sssid", "x"])?.contains("Did you mean '--ssid'?") == true)
    }

    /// What it cannot be sure of goes to the parser: a second mistake, a validated option next to an
    /// unknown one, help, `=` forms, words an enumeration might take, another width.
    func testItLeavesAmbiguousCommandLinesToTheParser() {
        for arguments in [
            ["--sec_ver", "x", "--sssid", "y"], ["--scan_timeout", "0", "--sssid", "x"], ["-V", "--sssid", "x"],
            ["--sec_ver", "x", "--help"], ["--sec_ver=x"], ["--transport", "wifi"], ["qr", "--bogus"], ["--ssid", "x"],
            ["--sec_ver", "x", "--sec_ver", "1"], ["--sec_ver", "x", "stray"],
        ] {
            XCTAssertNil(UsageErrorShortcut.message(for: arguments), "\(arguments)")
        }
        setenv("COLUMNS", "132", 1)
        XCTAssertNil(UsageErrorShortcut.message(for: ["--sec_ver", "x"]))
    }

    /// An option whose `validate()` can reject it must be in `validatedOptions` (the parser reports
    /// that before an unknown option); found by trying values on every option.
    func testOptionsWhoseValidationCanFailAreListed() {
        for option in RenderedHelp.provisionOptions {
            for name in option.names {
                let probes: [[String]]
                if case .none = option.value { probes = [[name]] } else { probes = ["0", "", "x", "1"].map { [name, $0] } }
                for probe in probes {
                    do {
                        _ = try EspProv.parseAsRoot(probe)
                    } catch {
                        if EspProv.fullMessage(for: error).hasPrefix("Error: The value") { continue }
                        XCTAssertTrue(UsageErrorShortcut.validatedOptions.contains(name), "\(probe) fails validation: list \(name) in validatedOptions")
                    }
                }
            }
        }
    }

    func testEditDistanceIsLevenshtein() {
        XCTAssertEqual(UsageErrorShortcut.editDistance("--sssid", "--ssid"), 1)
        XCTAssertEqual(UsageErrorShortcut.editDistance("kitten", "sitting"), 3)
        XCTAssertEqual(UsageErrorShortcut.editDistance("", "abc"), 3)
        XCTAssertEqual(UsageErrorShortcut.editDistance("abc", ""), 3)
        XCTAssertEqual(UsageErrorShortcut.editDistance("same", "same"), 0)
    }
}
