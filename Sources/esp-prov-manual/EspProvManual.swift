import ArgumentParser
import Foundation

/// Writes an executable's manual page from its `--experimental-dump-help` JSON, so the page
/// documents exactly the flags and commands `--help` does (`make man`, `make install`, `make deb`).
@main
struct EspProvManual: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "esp-prov-manual",
        abstract: "Turn `TOOL --experimental-dump-help` JSON (standard input) into a man(7) page (standard output).")

    @Option(help: "The version shown in the page footer.")
    var version: String

    @Option(help: "README to take the EXIT STATUS, ENVIRONMENT and FILES tables from.")
    var readme: String?

    @Option(name: .customLong("see-also"), help: "Another page to list under SEE ALSO (repeatable).")
    var seeAlso: [String] = []

    /// man section → README heading of the table that fills it.
    static let sections = [("EXIT STATUS", "Exit codes"), ("ENVIRONMENT", "Environment"), ("FILES", "Files")]

    func run() throws {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        let dump = try JSONDecoder().decode(HelpDump.self, from: input)
        var tables: [(section: String, rows: [[String]])] = []
        if let readme {
            let text = try String(contentsOfFile: readme, encoding: .utf8)
            for (section, heading) in Self.sections {
                guard let table = ReadmeTable(readme: text, heading: heading) else {
                    throw ValidationError("\(readme) has no table under a heading '\(heading)'")
                }
                tables.append((section, table.rows))
            }
        }
        let page = ManualPage(dump: dump, version: version, tables: tables, seeAlso: seeAlso)
        FileHandle.standardOutput.write(Data(page.text.utf8))
    }
}
