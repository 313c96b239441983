import ArgumentParser
import BuildInfo
import Foundation
@testable import esp_prov

/// What `Sources/esp-prov/RenderedHelp.swift` must contain: every help screen as
/// swift-argument-parser renders it now (the test process sets `COLUMNS` to `columns`).
/// `make rendered-help` writes it; `RenderedHelpTests` fails while the checked-in file differs.
enum RenderedHelpSource {
    /// The width the screens are rendered at: swift-argument-parser's own default.
    static let columns = 80

    /// The screens the parser prints for each subcommand's `--help` and `-h` (text and the
    /// invocations that print it), except those `UsageHelp` composes itself.
    static func subcommandScreens() -> [(invocations: [[String]], text: String)] {
        var screens: [(invocations: [[String]], text: String)] = []
        for path in commandPaths(EspProv.self, prefix: []) {
            for invocation in [path + ["--help"], path + ["-h"]] where UsageHelp.ownText(for: invocation) == nil {
                guard let text = parserHelp(invocation) else { continue }
                if let index = screens.firstIndex(where: { $0.text == text }) {
                    screens[index].invocations.append(invocation)
                } else {
                    screens.append(([invocation], text))
                }
            }
        }
        return screens
    }

    /// What `esp-prov <arguments>` prints on stdout when the parser answers it with a help screen
    /// (EspProv.main's `print(fullMessage(for:))`); nil if the arguments are no help request.
    static func parserHelp(_ arguments: [String]) -> String? {
        do {
            // A help request parses to the parser's own HelpCommand, whose run() throws the screen.
            var command = try EspProv.parseAsRoot(arguments)
            guard String(describing: type(of: command)) == "HelpCommand" else { return nil }
            try command.run()
            return nil
        } catch {
            guard EspProv.exitCode(for: error) == .success else { return nil }
            return EspProv.fullMessage(for: error) + "\n"
        }
    }

    /// What `esp-prov <arguments>` prints on stderr when the parser rejects them (EspProv.main's
    /// `fullMessage(for:) + "\n"`); nil if they parse or ask for help.
    static func parserUsageError(_ arguments: [String]) -> String? {
        do {
            _ = try EspProv.parseAsRoot(arguments)
            return nil
        } catch {
            guard EspProv.exitCode(for: error) != .success else { return nil }
            return EspProv.fullMessage(for: error) + "\n"
        }
    }

    /// A value no option type reads, to find typed options and the text around a rejected value.
    static let sentinel = "\u{1}value"

    /// The provisioning command's options and flags in the parser's order (its help dump).
    static func provisionArguments() throws -> [(names: [String], isFlag: Bool, allValues: [String], defaultValue: String?)] {
        let dump = try JSONSerialization.jsonObject(with: Data(EspProv._dumpHelp().utf8)) as? [String: Any]
        let root = dump?["command"] as? [String: Any]
        let provision = (root?["subcommands"] as? [[String: Any]])?.first { $0["commandName"] as? String == "provision" }
        let arguments = provision?["arguments"] as? [[String: Any]] ?? []
        return arguments.compactMap { argument in
            guard let kind = argument["kind"] as? String, kind != "positional" else { return nil }
            let names = (argument["names"] as? [[String: Any]] ?? []).compactMap { name -> String? in
                guard let text = name["name"] as? String else { return nil }
                return (name["kind"] as? String == "long" ? "--" : "-") + text
            }
            guard !names.contains("--help") else { return nil }
            return (names, kind == "flag", argument["allValues"] as? [String] ?? [], argument["defaultValue"] as? String)
        }
    }

    /// How the parser reads the value after `name`, found by trying values on it.
    static func valueKind(_ name: String, isFlag: Bool, allValues: [String]) -> String {
        if isFlag { return ".none" }
        if parserUsageError([name, sentinel]) == nil { return ".text" }
        if !allValues.isEmpty { return ".choice([" + allValues.map { "\"\($0)\"" }.joined(separator: ", ") + "])" }
        if parserUsageError([name, "1.5"]) == nil { return ".number" }
        precondition(parserUsageError([name, "1"]) == nil, "\(name): a value type UsageErrorShortcut.Value lacks")
        return ".integer"
    }

    /// The provisioning command as the parser leaves it for `arguments`.
    private static func parsedProvision(_ arguments: [String]) -> ProvisionCommand? {
        (try? EspProv.parseAsRoot(arguments)) as? ProvisionCommand
    }

    /// The property path (`["ble", "scanTimeout"]`) the option `name` stores into: the one property
    /// whose parsed value differs between a command given `name` (with `value`) and one given nothing.
    static func propertyPath(_ name: String, value: String?) -> [String] {
        guard let empty = parsedProvision([]), let given = parsedProvision([name] + (value.map { [$0] } ?? [])) else {
            preconditionFailure("\(name) \(value ?? ""): the parser rejects it")
        }
        let paths = differences(empty, given, prefix: [])
        precondition(paths.count == 1, "\(name): stores into \(paths), not one property")
        return paths[0]
    }

    /// The Swift type of the value the option at `path` holds, as source (`Seconds<Timeout>` for a
    /// `Seconds<Timeout>?` property): what its `init?(argument:)` is called on.
    static func valueType(at path: [String], in command: Any) -> String {
        var value: Any = command
        for name in path {
            guard let wrapper = Mirror(reflecting: value).children.first(where: { $0.label == "_" + name })?.value,
                  let parsed = parsedValue(wrapper) else { preconditionFailure("\(path): no parsed value") }
            value = parsed
        }
        var name = String(reflecting: type(of: value))
        if name.hasPrefix("Swift.Optional<") { name = String(name.dropFirst("Swift.Optional<".count).dropLast()) }
        return name.replacingOccurrences(of: "esp_prov.", with: "")
    }

    /// Where the generated file's imports go: the modules of the option types it names.
    private static let importsPlaceholder = "// imports of the option types"

    /// `import M` for each module `M.Type` in `source` names (not Swift, not esp-prov itself).
    private static func imports(namedIn source: String) -> String {
        let pattern = try! NSRegularExpression(pattern: #"\b([A-Z][A-Za-z0-9_]*)\.[A-Z][A-Za-z0-9_]*(?:<[^>]*>)?\(argument:"#)
        let modules = pattern.matches(in: source, range: NSRange(source.startIndex..., in: source)).compactMap { match in
            Range(match.range(at: 1), in: source).map { String(source[$0]) }
        }
        return Set(modules).subtracting(["Swift", "ArgumentParser", "BuildInfo"]).sorted().map { "import \($0)\n" }.joined()
    }

    /// The option groups of a parsed command (`@OptionGroup var ble: BLEOptions`): name and value.
    static func groups(_ command: Any) -> [(name: String, value: ParsableArguments)] {
        Mirror(reflecting: command).children.compactMap { child in
            guard let label = child.label, label.hasPrefix("_"), let value = parsedValue(child.value) as? ParsableArguments else {
                return nil
            }
            return (String(label.dropFirst()), value)
        }
    }

    /// What a property wrapper (`@Option`, `@Flag`, `@OptionGroup`) holds once parsed.
    private static func parsedValue(_ wrapper: Any) -> Any? {
        guard let parsed = Mirror(reflecting: wrapper).children.first(where: { $0.label == "_parsedValue" })?.value else { return nil }
        return Mirror(reflecting: parsed).children.first(where: { $0.label == "value" })?.value
    }

    private static func differences(_ left: Any, _ right: Any, prefix: [String]) -> [[String]] {
        var paths: [[String]] = []
        for (a, b) in zip(Mirror(reflecting: left).children, Mirror(reflecting: right).children) {
            guard let label = a.label, label.hasPrefix("_") else { continue }
            let path = prefix + [String(label.dropFirst())]
            if let groupA = parsedValue(a.value) as? ParsableArguments, let groupB = parsedValue(b.value) as? ParsableArguments {
                paths += differences(groupA, groupB, prefix: path)
            } else if String(reflecting: a.value) != String(reflecting: b.value) {
                paths.append(path)
            }
        }
        return paths
    }

    /// A value `name` takes, to find where it goes: one that differs from its default.
    private static func sampleValue(_ name: String, kind: String, allValues: [String], defaultValue: String?) -> String? {
        if kind == ".none" { return nil }
        let candidates = allValues + ["x", "1", "2", "1.5"]
        guard let value = candidates.first(where: { $0 != defaultValue && parserUsageError([name, $0]) == nil }) else {
            preconditionFailure("\(name): takes none of \(candidates)")
        }
        return value
    }

    /// `ProvisionCommand.directSetter(_:)` and `withDefaults()`, from the options' declarations: where each
    /// option's value goes (found by parsing it) and the default the parser leaves when it is not given.
    static func directParseTables(
        _ options: [(names: [String], isFlag: Bool, allValues: [String], defaultValue: String?)], kinds: [String]
    ) -> String {
        var names: [String] = []
        var accepts = ""
        var setters = ""
        var defaults = ""
        for (option, kind) in zip(options, kinds) where option.names[0] != "--version" {
            let sample = sampleValue(option.names[0], kind: kind, allValues: option.allValues, defaultValue: option.defaultValue)
            let path = propertyPath(option.names[0], value: sample)
            if let sample, let command = parsedProvision([option.names[0], sample]) {
                accepts += "        case \(swiftString(option.names[0])): return \(valueType(at: path, in: command))(argument: value) != nil\n"
            }
            let keyPath = "\\." + path.joined(separator: ".")
            names.append(swiftString(option.names[0]))
            setters += "        case \(swiftString(option.names[0])): return .\(option.isFlag ? "flag" : "value")(\(keyPath))\n"
            let initial = option.isFlag ? "false" : option.defaultValue.map { ".init(argument: \(swiftString($0)))!" } ?? "nil"
            defaults += "        command.\(path.joined(separator: ".")) = \(initial)\n"
        }
        var groupLines = ""
        for group in groups(parsedProvision([]) ?? ProvisionCommand()) {
            // `-V` is the parser's (it ends the run in validate()): its group is set as the parser leaves it.
            let value = group.value is VersionFlag ? ".notRequested" : "\(type(of: group.value))()"
            groupLines += "        command.\(group.name) = \(value)\n"
        }
        return """

            extension ProvisionCommand {
                /// The options the direct parse reads, by their first names in `RenderedHelp.provisionOptions`.
                /// `--version` is not here: `-V` ends the run in `validate()`, which the parser words.
                static let directOptionNames = [\(names.joined(separator: ", "))]

                /// Where the option `name` (a first name) stores its value. A switch, not a table: only the
                /// setter asked for is made, as each key path is instantiated at run time.
                static func directSetter(_ name: String) -> DirectSetter? {
                    switch name {

            """ + setters + """
                    default: return nil
                    }
                }

                /// Whether the type of the option `name` (a first name) reads `value`, without the key path
                /// `directSetter(_:)` makes (resolving one into a generic type scans the conformance records).
                static func directlyAccepts(_ name: String, _ value: String) -> Bool? {
                    switch name {

            """ + accepts + """
                    default: return nil
                    }
                }

                /// Every option at its default, as the parser leaves an option that is not given. Option
                /// groups first, with plain assignments: an unparsed property wrapper ends the program when read.
                static func withDefaults() -> ProvisionCommand {
                    var command = ProvisionCommand()

            """ + groupLines + defaults + """
                    return command
                }
            }

            """
    }

    /// The usage text and help pointer after the first line of every usage error.
    static func usageErrorTail() -> String {
        let message = parserUsageError(["--" + String(repeating: "z", count: 24)]) ?? ""
        let tail = String(message[message.firstIndex(of: "\n")!...].dropLast())
        return tail
    }

    /// The Swift source of RenderedHelp.swift.
    static func generate() -> String {
        var source = """
            // Generated by `make rendered-help` from the commands' own definitions; do not edit.
            // CLITests' RenderedHelpTests fails while this file differs from what they render.

            import ArgumentParser
            import BuildInfo
            \(importsPlaceholder)

            /// esp-prov's help screens as swift-argument-parser renders them at `columns` wide, so that
            /// answering `--help` needs none of the parser's reflection (UsageHelp, BENCHMARKS.md).
            enum RenderedHelp {
                /// The width the screens were rendered at (swift-argument-parser's default, used when
                /// stdout is no terminal and `COLUMNS` is unset).
                static let columns = \(columns)

                /// `esp-prov --help`: UsageHelp's root screen.
                static let root = \(literal(UsageHelp.renderedRootHelp))

                /// The parser's screen for a subcommand's `--help` or `-h`, with the newline `print` adds;
                /// nil for any other arguments.
                static func subcommand(_ arguments: [String]) -> String? {
                    switch arguments {

            """
        for screen in subcommandScreens() {
            let patterns = screen.invocations.map { "[" + $0.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
            source += "        case " + patterns.joined(separator: ", ") + ":\n"
            source += "            return " + literal(screen.text) + "\n"
        }
        source += """
                    default:
                        return nil
                    }
                }

                /// The provisioning command's options (UsageErrorShortcut), in the parser's order.
                static let provisionOptions: [(names: [String], value: UsageErrorShortcut.Value)] = [

            """
        let options = (try? provisionArguments()) ?? []
        var invalid: [(String, String, String)] = []
        let tail = usageErrorTail()
        let kinds = options.map { valueKind($0.names[0], isFlag: $0.isFlag, allValues: $0.allValues) }
        for (option, kind) in zip(options, kinds) {
            source += "        ([" + option.names.map { "\"\($0)\"" }.joined(separator: ", ") + "], \(kind)),\n"
            guard kind == ".integer" || kind == ".number" else { continue }
            for name in option.names {
                let message = parserUsageError([name, sentinel]) ?? ""
                precondition(message.hasSuffix(tail + "\n"), "\(name): \(message)")
                let parts = message.dropLast(tail.count + 1).components(separatedBy: sentinel)
                precondition(parts.count == 2, "\(name): \(message)")
                invalid.append((name, parts[0], parts[1]))
            }
        }
        source += """
                ]

                /// The long names the parser suggests for a misspelt option, in its order.
                static let suggestedNames = [\(options.flatMap(\.names).filter { $0.hasPrefix("--") }.map { "\"\($0)\"" }.joined(separator: ", "))]

                /// Each typed option's message for a value it rejects: the text before and after the value.
                static let invalidValue: [String: (before: String, after: String)] = [

            """
        for (name, before, after) in invalid {
            source += "        \"\(name)\": (\(swiftString(before)), \(swiftString(after))),\n"
        }
        source += """
                ]

                /// What follows the first line of every usage error of the provisioning command.
                static let usageErrorTail = \(literal(tail))
            }

            """
        let tables = directParseTables(options, kinds: kinds)
        return source.replacingOccurrences(of: importsPlaceholder + "\n", with: imports(namedIn: tables)) + tables
    }

    /// A raw multi-line literal whose value is exactly `text` (its closing delimiter at column 0,
    /// so no indentation is stripped).
    static func literal(_ text: String) -> String {
        precondition(!text.contains("\"\"\"#") && !text.contains("\\#"), "help text needs a longer raw delimiter")
        return "#\"\"\"\n" + text + "\n\"\"\"#"
    }

    /// A one-line string literal.
    static func swiftString(_ text: String) -> String {
        var literal = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": literal += "\\\\"
            case "\"": literal += "\\\""
            case "\n": literal += "\\n"
            case " "..."~": literal.unicodeScalars.append(scalar)
            default: literal += "\\u{\(String(scalar.value, radix: 16))}"
            }
        }
        return literal + "\""
    }

    private static func commandPaths(_ command: ParsableCommand.Type, prefix: [String]) -> [[String]] {
        command.configuration.subcommands.flatMap { subcommand -> [[String]] in
            let path = prefix + [subcommand.configuration.commandName ?? subcommand._commandName]
            return [path] + commandPaths(subcommand, prefix: path)
        }
    }
}
