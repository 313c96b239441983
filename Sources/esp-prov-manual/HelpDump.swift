/// The part of swift-argument-parser's `--experimental-dump-help` JSON (ToolInfo v0) a manual
/// page needs. Reading the dump, not the source, keeps the page identical to what `--help`
/// shows, for every subcommand any target adds.
struct HelpDump: Decodable {
    var command: Command

    struct Command: Decodable {
        var commandName: String
        var superCommands: [String]?
        var abstract: String?
        var discussion: String?
        var defaultSubcommand: String?
        var shouldDisplay: Bool?
        var subcommands: [Command]?
        var arguments: [Argument]?

        /// The name a user types: `esp-prov batch`.
        var fullName: String { ((superCommands ?? []) + [commandName]).joined(separator: " ") }
        var visibleSubcommands: [Command] { (subcommands ?? []).filter { $0.shouldDisplay ?? true && $0.commandName != "help" } }
        var visibleArguments: [Argument] { (arguments ?? []).filter(\.shouldDisplay) }
    }

    struct Argument: Decodable {
        struct Name: Decodable {
            var kind: String
            var name: String

            /// As typed on the command line: `--sec_ver`, `-v`.
            var spelled: String { kind == "short" ? "-\(name)" : kind == "longWithSingleDash" ? "-\(name)" : "--\(name)" }
        }

        var kind: String  // positional, option, flag
        var shouldDisplay: Bool
        var isOptional: Bool
        var isRepeating: Bool
        var names: [Name]?
        var valueName: String?
        var defaultValue: String?
        var allValues: [String]?
        var abstract: String?
        var discussion: String?
        var sectionTitle: String?
    }
}
