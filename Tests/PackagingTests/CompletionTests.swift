import Foundation
import TestSupport
import XCTest

/// The completion scripts are generated from the argument definitions: bash and fish are asked
/// for real completions (subcommands, flags, `--transport`/`--sec_ver` values, files for path
/// flags); zsh's script must at least parse.
final class CompletionTests: XCTestCase {
    /// What bash's completion function offers for the words typed so far (the last one partial).
    private func bashCompletions(_ script: URL, _ words: [String], in directory: URL) throws -> [String] {
        let quoted = words.map { "'\($0)'" }.joined(separator: " ")
        let program = """
            source "$0"
            cd "$1"
            COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
            _esp-prov esp-prov "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try Binaries.run(
            executable: Repository.bash, ["-c", program, script.path, directory.path],
            environment: ["PATH": Binaries.directory.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")])
        XCTAssertEqual(result.status, 0, result.output)
        return result.stdout.split(separator: "\n").map(String.init)
    }

    func testBashCompletesCommandsFlagsValuesAndFiles() throws {
        let docs = try Repository.generatedDocs(for: self)
        let script = docs.appendingPathComponent("completions/esp-prov.bash")
        let files = try Repository.temporaryDirectory(for: self)
        try "x".write(to: files.appendingPathComponent("pop.txt"), atomically: true, encoding: .utf8)

        let top = try bashCompletions(script, ["esp-prov", ""], in: files)
        for word in ["provision", "doctor", "batch", "qr"] {
            XCTAssertTrue(top.contains(word), "\(word) not offered: \(top)")
        }
        // Flags before any command are the default command's (`esp-prov --transport ble …`).
        let flags = try bashCompletions(script, ["esp-prov", "--"], in: files)
        for word in ["--transport", "--sec_ver", "--pop_file", "--json"] {
            XCTAssertTrue(flags.contains(word), "\(word) not offered: \(flags)")
        }
        XCTAssertFalse(flags.contains("--jobs"), "batch's flags belong to batch")
        XCTAssertTrue(try bashCompletions(script, ["esp-prov", "batch", "--j"], in: files).contains("--jobs"))
        XCTAssertEqual(Set(try bashCompletions(script, ["esp-prov", "--transport", ""], in: files)), ["softap", "httpd", "ble", "console"])
        XCTAssertEqual(Set(try bashCompletions(script, ["esp-prov", "--sec_ver", ""], in: files)), ["0", "1", "2"])
        XCTAssertTrue(try bashCompletions(script, ["esp-prov", "--pop_file", "po"], in: files).contains("pop.txt"))
        XCTAssertEqual(Set(try bashCompletions(script, ["esp-prov", "doctor", "--transport", ""], in: files)), ["ble", "softap", "dpp", "wps"])
    }

    func testFishCompletesCommandsAndValues() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/fish") else {
            throw CannotRun("fish is not installed (make test installs it)")
        }
        let docs = try Repository.generatedDocs(for: self)
        let script = docs.appendingPathComponent("completions/esp-prov.fish").path
        let fish = URL(fileURLWithPath: "/usr/bin/fish")
        let environment = ["PATH": Binaries.directory.path + ":/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        let top = try Binaries.run(executable: fish, ["--no-config", "-c", "source \(script); complete -C 'esp-prov '"], environment: environment)
        XCTAssertEqual(top.status, 0, top.output)
        XCTAssertTrue(top.stdout.contains("doctor"), top.output)
        let values = try Binaries.run(executable: fish, ["--no-config", "-c", "source \(script); complete -C 'esp-prov --transport '"], environment: environment)
        XCTAssertEqual(Set(values.stdout.split(separator: "\n").map { String($0.prefix { $0 != "\t" }) }), ["softap", "httpd", "ble", "console"], values.output)
        let flags = try Binaries.run(executable: fish, ["--no-config", "-c", "source \(script); complete -C 'esp-prov --sec_'"], environment: environment)
        XCTAssertTrue(flags.stdout.hasPrefix("--sec_ver\t"), flags.output)
        let doctor = try Binaries.run(executable: fish, ["--no-config", "-c", "source \(script); complete -C 'esp-prov doctor --transport '"], environment: environment)
        XCTAssertTrue(doctor.stdout.contains("softap\t"), doctor.output)
    }

    func testZshScriptParses() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/zsh") else {
            throw CannotRun("zsh is not installed (make test installs it)")
        }
        let docs = try Repository.generatedDocs(for: self)
        let script = docs.appendingPathComponent("completions/_esp-prov")
        let text = try String(contentsOf: script, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("#compdef esp-prov"), String(text.prefix(80)))
        XCTAssertTrue(text.contains("doctor") && text.contains("--transport"), "zsh script names commands and flags")
        let parse = try Binaries.run(executable: URL(fileURLWithPath: "/usr/bin/zsh"), ["-n", script.path])
        XCTAssertEqual(parse.status, 0, parse.output)
    }
}
