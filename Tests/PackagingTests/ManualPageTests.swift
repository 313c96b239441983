import Foundation
import TestSupport
import XCTest

/// The man pages are generated from `--experimental-dump-help` and README's tables: they must
/// document every flag and command the executables have, every exit status the source defines,
/// every environment variable the source reads, and render cleanly.
final class ManualPageTests: XCTestCase {
    /// Every command (`esp-prov batch`) and every flag spelling (`--sec_ver`) in a help dump.
    private func commandsAndFlags(_ tool: String) throws -> (commands: [String], flags: Set<String>) {
        let dump = try Binaries.run(tool, ["--experimental-dump-help"])
        XCTAssertEqual(dump.status, 0, dump.output)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var commands: [String] = []
        var flags: Set<String> = []
        func walk(_ command: [String: Any], path: [String]) {
            let name = path + [command["commandName"] as? String ?? "?"]
            if name.count > 1, command["shouldDisplay"] as? Bool != false, name.last != "help" { commands.append(name.joined(separator: " ")) }
            for argument in command["arguments"] as? [[String: Any]] ?? [] where argument["shouldDisplay"] as? Bool != false {
                for spelling in argument["names"] as? [[String: Any]] ?? [] {
                    let kind = spelling["kind"] as? String, value = spelling["name"] as? String ?? ""
                    flags.insert(kind == "long" ? "--\(value)" : "-\(value)")
                }
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] { walk(sub, path: name) }
        }
        walk(try XCTUnwrap(json["command"] as? [String: Any]), path: [])
        return (commands, flags)
    }

    private func roff(_ text: String) -> String { text.replacingOccurrences(of: "-", with: "\\-") }

    func testEveryFlagAndCommandOfBothExecutablesIsDocumented() throws {
        let docs = try Repository.generatedDocs(for: self)
        for tool in ["esp-prov", "esp-prov-device"] {
            let page = try String(contentsOf: docs.appendingPathComponent("man/\(tool).1"), encoding: .utf8)
            let (commands, flags) = try commandsAndFlags(tool)
            XCTAssertGreaterThan(flags.count, tool == "esp-prov" ? 40 : 10, "the dump lists the flags")
            for flag in flags.sorted() {
                XCTAssertTrue(page.contains("\\fB\(roff(flag))\\fR"), "\(tool).1 does not document \(flag)")
            }
            for command in commands where command != "esp-prov provision" {
                XCTAssertTrue(page.contains(".SS \(roff(command))\n"), "\(tool).1 has no section for \(command)")
            }
            XCTAssertTrue(page.contains("\(roff(tool)) 9.8.7"), "the version is in the footer")
        }
        let page = try String(contentsOf: docs.appendingPathComponent("man/esp-prov.1"), encoding: .utf8)
        XCTAssertTrue(page.contains(".SS esp\\-prov doctor\n"), "new subcommands appear by themselves")
    }

    func testExitStatusEnvironmentAndFilesSectionsCoverTheSource() throws {
        let docs = try Repository.generatedDocs(for: self)
        let page = try String(contentsOf: docs.appendingPathComponent("man/esp-prov.1"), encoding: .utf8)
        let section = { (title: String) -> String in
            guard let start = page.range(of: ".SH \(title)\n") else { return "" }
            let rest = page[start.upperBound...]
            return String(rest[..<(rest.range(of: "\n.SH ")?.lowerBound ?? rest.endIndex)])
        }
        // Every case of the one exit-status table in the source, with its JSON name.
        let exitStatus = try Repository.text("Sources/esp-prov/ExitStatus.swift")
        let cases = try NSRegularExpression(pattern: #"case (\w+) = (\d+)"#)
            .matches(in: exitStatus, range: NSRange(exitStatus.startIndex..., in: exitStatus))
        XCTAssertGreaterThan(cases.count, 15)
        let exitSection = section("EXIT STATUS")
        for match in cases {
            let code = String(exitStatus[Range(match.range(at: 2), in: exitStatus)!])
            XCTAssertTrue(exitSection.contains(".B \(code)\n"), "EXIT STATUS lacks \(code)")
        }
        XCTAssertTrue(exitSection.contains("\\fBdoctor_softap\\fR"), exitSection)

        // Every environment variable the CLI's source reads.
        var variables: Set<String> = []
        for directory in ["Sources/esp-prov", "Sources/ProvClient", "Sources/DBus"] {
            let files = FileManager.default.enumerator(atPath: Repository.root.appendingPathComponent(directory).path)?
                .compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
            for file in files {
                let source = try Repository.text("\(directory)/\(file)")
                let names = try NSRegularExpression(pattern: #""((?:ESP_PROV|DBUS_SYSTEM)_[A-Z0-9_]+)""#)
                    .matches(in: source, range: NSRange(source.startIndex..., in: source))
                variables.formUnion(names.map { String(source[Range($0.range(at: 1), in: source)!]) })
            }
        }
        XCTAssertTrue(variables.isSuperset(of: ["ESP_PROV_POP", "ESP_PROV_SEC2_PWD", "ESP_PROV_PASSPHRASE", "DBUS_SYSTEM_BUS_ADDRESS"]), "\(variables)")
        for variable in variables {
            XCTAssertTrue(section("ENVIRONMENT").contains(".B \\fB\(roff(variable))\\fR\n"), "ENVIRONMENT lacks \(variable)")
        }
        let files = section("FILES")
        for needle in ["\\-\\-passphrase_file", "MANIFEST", "/run/wpa_supplicant"] {
            XCTAssertTrue(files.contains(needle), "FILES lacks \(needle):\n\(files)")
        }
    }

    func testPagesRenderWithoutGroffWarnings() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/groff") else {
            throw CannotRun("groff is not installed (make test installs groff-base)")
        }
        let docs = try Repository.generatedDocs(for: self)
        for tool in ["esp-prov", "esp-prov-device"] {
            let page = docs.appendingPathComponent("man/\(tool).1").path
            let check = try Binaries.run(executable: URL(fileURLWithPath: "/usr/bin/groff"), ["-man", "-ww", "-z", page])
            XCTAssertEqual(check.status, 0, check.output)
            XCTAssertEqual(check.stderr, "", "groff warns about \(tool).1")
            let rendered = try Binaries.run(executable: URL(fileURLWithPath: "/usr/bin/groff"), ["-man", "-Tutf8", "-P-cbou", page])
            XCTAssertTrue(rendered.stdout.contains("EXIT STATUS") || tool == "esp-prov-device", rendered.stdout)
            XCTAssertTrue(rendered.stdout.contains("OPTIONS"), rendered.stdout)
        }
    }
}
