import ArgumentParser
import TestSupport
import XCTest
@testable import esp_prov

/// `ProvisionCommand.parsedDirectly` reads a clean provisioning command line without the parser;
/// every command it builds must be the one the parser builds, option by option, and it must leave
/// to the parser every command line the parser rejects.
final class DirectParseTests: XCTestCase {
    /// Values to try for each kind of option: typical ones, and ones the parser may treat otherwise.
    private func samples(_ kind: UsageErrorShortcut.Value) -> [String] {
        switch kind {
        case .none: return []
        case .text: return ["x", "", "a b", "x=y", "-", "-x", "--json", "ünïcode", "192.168.4.1:80"]
        case .integer: return ["2", "0", "-1", "x", "1.5", " 1", "0x10"]
        case .number: return ["2.5", "60", "0", "-1", "1e3", "nan", "x", ""]
        case .choice(let words): return words + ["SOFTAP", "wifi", ""]
        }
    }

    /// The command lines people and the bench run.
    private let realistic: [[String]] = [
        ["--transport", "softap", "--service_name", "127.0.0.1:8080", "--sec_ver", "2", "--sec2_username", "wifiprov",
         "--sec2_pwd", "abcd1234", "--ssid", "lab", "--passphrase", "secret123"],
        ["--transport", "ble", "--service_name", "PROV_1A2B", "--sec_ver", "1", "--pop", "abcd1234", "--ssid", "lab",
         "--passphrase", "", "--json", "--no_prompt"],
        ["--transport", "httpd", "--reprov", "-v"], ["--transport", "softap", "--reset"],
        ["--qr", #"{"ver":"v1","name":"PROV_1","pop":"abcd1234","transport":"ble"}"#, "--ssid", "x", "--passphrase", "y"],
        ["--sec_ver", "2", "--sec2_gen_cred", "--sec2_username", "u", "--sec2_pwd", "p", "--sec2_salt_len", "32"],
        ["--transport", "console", "--dataset_tlvs", "0e080000000000010000"], ["--transport", "softap", "--pop_file", "-"],
        ["--transport", "softap", "--timeout=5", "--request_timeout=2.5", "--custom_data", "hi", "--custom_endpoint=ep"],
        ["--transport", "ble", "--ble_adapter", "hci1", "--scan_timeout", "3", "--name_prefix", "", "--console_fallback",
         "--ble_service_uuid", "0000ffff-0000-1000-8000-00805f9b34fb"],
    ]

    /// The realistic lines, every option alone in both spellings and both forms, mistakes the parser
    /// must answer, and seeded random combinations.
    private var corpus: [[String]] {
        var lines: [[String]] = realistic + [
            // The parser's business: help, version, terminators, grouped or repeated flags, strays, subcommands.
            ["--transport", "softap", "--help"], ["-h"], ["-V"], ["--version"], ["--transport", "softap", "-V"],
            ["--transport", "softap", "--", "x"], ["-vv"], ["-v", "-v"], ["-v", "--verbose"], ["--ssid", "a", "--ssid", "b"],
            ["--transport", "softap", "stray"], ["qr", "--help"], ["batch"], ["provision", "--transport", "softap"],
            ["--scan_timeout", "0"], ["--scan_timeout", "-1"], ["--json=1"], ["--reset=true"], ["--ssid"], ["--sssid", "x"],
            ["--generate-completion-script", "bash"], ["--experimental-dump-help"], [], ["-"], ["--"], ["--=x"],
        ]
        for option in RenderedHelp.provisionOptions {
            for name in option.names {
                if case .none = option.value { lines.append([name]); continue }
                for value in samples(option.value) {
                    lines.append([name, value])
                    if name.hasPrefix("--") { lines.append([name + "=" + value]) }
                }
            }
        }
        var random = SeededGenerator(seed: 15)
        for _ in 0..<400 {
            var line: [String] = []
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let option = RenderedHelp.provisionOptions.randomElement(using: &random)!
                let name = option.names.randomElement(using: &random)!
                if case .none = option.value { line.append(name); continue }
                let value = samples(option.value).randomElement(using: &random)!
                line += Bool.random(using: &random) && name.hasPrefix("--") ? [name + "=" + value] : [name, value]
            }
            lines.append(line)
        }
        return lines
    }

    func testEveryCommandItBuildsIsTheParsers() throws {
        var built = 0
        for arguments in corpus {
            guard let direct = ProvisionCommand.parsedDirectly(arguments) else { continue }
            built += 1
            do {
                let parsed = try EspProv.parseAsRoot(arguments)
                guard let parsed = parsed as? ProvisionCommand else {
                    XCTFail("\(arguments): the parser made a \(type(of: parsed)), the direct parse a provisioning command")
                    continue
                }
                XCTAssertEqual(optionValues(direct), optionValues(parsed), "\(arguments)")
            } catch {
                XCTFail("\(arguments): built directly, but the parser says: \(EspProv.fullMessage(for: error))")
            }
        }
        XCTAssertGreaterThan(built, 300, "the direct parse builds almost nothing")
    }

    /// The runs that matter for start-up cost (the bench's, a BLE run, a file secret on stdin) and
    /// every option in every spelling skip the parser.
    func testCleanCommandLinesSkipTheParser() {
        let clean = realistic + RenderedHelp.provisionOptions.filter { $0.names[0] != "--version" }.flatMap { option in
            option.names.map { name -> [String] in
                switch option.value {
                case .none: return [name]
                case .text: return [name, "x"]
                case .integer, .number: return [name, "2"]
                case .choice(let words): return [name, words[0]]
                }
            }
        }
        for arguments in clean {
            XCTAssertNotNil(ProvisionCommand.parsedDirectly(arguments), "\(arguments)")
        }
    }

    func testEveryOptionHasASetterOfItsKind() {
        var names: Set<String> = []
        for option in RenderedHelp.provisionOptions where option.names[0] != "--version" {
            names.insert(option.names[0])
            guard let setter = ProvisionCommand.directSetters[option.names[0]] else {
                XCTFail("\(option.names[0]) has no entry in ProvisionCommand.directSetters")
                continue
            }
            if case .none = option.value {
                XCTAssertFalse(setter.takesValue, option.names[0])
            } else {
                XCTAssertTrue(setter.takesValue, option.names[0])
            }
        }
        XCTAssertEqual(Set(ProvisionCommand.directSetters.keys), names, "directSetters names an option the parser does not have")
    }

    /// Each option wrapper's parsed value, by property path (option groups walked into); a wrapper
    /// that holds no value (a default the direct parse forgot) reads "unset".
    private func optionValues(_ arguments: Any, prefix: String = "") -> [String] {
        var values: [String] = []
        for child in Mirror(reflecting: arguments).children {
            guard let label = child.label,
                  let parsed = Mirror(reflecting: child.value).children.first(where: { $0.label == "_parsedValue" })?.value
            else { continue }
            guard let value = Mirror(reflecting: parsed).children.first(where: { $0.label == "value" })?.value else {
                values.append("\(prefix)\(label): unset")
                continue
            }
            if value is ParsableArguments {
                values += optionValues(value, prefix: "\(prefix)\(label).")
            } else {
                values.append("\(prefix)\(label) = \(String(reflecting: value))")
            }
        }
        return values
    }
}
