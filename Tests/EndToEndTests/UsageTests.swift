import Foundation
import TestSupport
import XCTest

/// A new user's first mistakes: a misspelled flag is named (with the suggestion) before anything
/// else; `--help` starts with the provisioning flags as esp_prov's does; the exit codes are one
/// command away and agree with the README's table.
final class UsageTests: XCTestCase {
    func testMisspelledFlagIsReportedBeforeMissingTransport() throws {
        let result = try Binaries.run("esp-prov", ["--sssid", "x"])
        XCTAssertEqual(result.status, 2, result.output)
        XCTAssertTrue(result.stderr.contains("Unknown option '--sssid'. Did you mean '--ssid'?"), result.output)
        XCTAssertFalse(result.stderr.contains("--transport is required"), result.output)
        let missing = try Binaries.run("esp-prov", ["--ssid", "x"])
        XCTAssertEqual(missing.status, 2, missing.output)
        XCTAssertTrue(missing.stderr.contains("--transport is required"), missing.output)
    }

    /// The DPP library states the fact; the CLI names the flag and variable that supply the
    /// passphrase, before any daemon is contacted.
    func testDPPConfigureWithoutPassphraseNamesItsSources() throws {
        let uri = "DPP:C:81/1;M:5254005828e5;V:2;K:MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgADURzxmttZoIRIPWGoQMV00XHWCAQIhXruVWOz0NjlkIA=;;"
        let result = try Binaries.run("esp-prov", ["dpp", "configure", "--ctrl", "/nonexistent/wpa", "--uri", uri, "--ssid", "lab"])
        XCTAssertEqual(result.status, 2, result.output)
        XCTAssertTrue(result.stderr.contains(
            "conf sta-psk needs a passphrase (--passphrase_file F, - for stdin, or ESP_PROV_PASSPHRASE; asked without echo when stdin is a terminal)"),
            result.stderr)
    }

    /// `dpp` and `wps` share their daemon flags; in `wps` the daemon decides the role (hostapd opens
    /// a window, wpa_supplicant joins), so `--ctrl` has no default there: a usage error that says
    /// why, before the weak-security note, on every daemon subcommand.
    func testWPSWithoutCtrlSaysWhyItIsRequired() throws {
        for arguments in [["pbc"], ["pin", "--pin", "12345670"], ["ap-pin", "--bssid", "02:11:22:33:44:55"], ["nfc-token", "-o", "/dev/null"],
                          ["er", "list"], ["pbc", "--json"]] {
            let result = try Binaries.run("esp-prov", ["wps"] + arguments)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.output)")
            XCTAssertTrue(result.stderr.contains("--ctrl is required: hostapd's control socket (the AP side) or wpa_supplicant's"), result.stderr)
            XCTAssertFalse(result.stderr.contains("WPS is weak security"), result.stderr)
            XCTAssertEqual(result.stdout, "", "\(arguments)")
        }
    }

    func testHelpShowsProvisioningFlagsFirstThenSubcommands() throws {
        for arguments in [["--help"], ["-h"], ["help"]] {
            let result = try Binaries.run("esp-prov", arguments)
            XCTAssertEqual(result.status, 0, result.output)
            let text = result.stdout
            let transport = try XCTUnwrap(text.range(of: "--transport"), text)
            let subcommands = try XCTUnwrap(text.range(of: "SUBCOMMANDS:"), text)
            XCTAssertLessThan(transport.lowerBound, subcommands.lowerBound, text)
            for name in ["qr", "batch", "help exit-codes"] { XCTAssertTrue(text[subcommands.upperBound...].contains(name), text) }
        }
    }

    func testExitCodesAgreeWithTheREADMETable() throws {
        let result = try Binaries.run("esp-prov", ["help", "exit-codes"])
        XCTAssertEqual(result.status, 0, result.output)
        let listed = result.stdout.split(separator: "\n").dropFirst().compactMap { line -> String? in
            let parts = line.split(separator: " ")
            guard parts.count >= 2 else { return nil }
            return "\(parts[0]) \(parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "[]")))"
        }
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        let rows = readme.split(separator: "\n").compactMap { line -> String? in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count > 3, let code = Int(cells[1]) else { return nil }
            return "\(code) \(cells[2].isEmpty ? "ok" : cells[2].trimmingCharacters(in: CharacterSet(charactersIn: "`")))"
        }
        XCTAssertEqual(listed, rows, "esp-prov help exit-codes and the README's exit-code table differ")
        XCTAssertTrue(listed.contains("130 interrupted"), "\(listed)")
    }
}
