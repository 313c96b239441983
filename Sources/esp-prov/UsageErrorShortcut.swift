/// The commonest usage errors of the provisioning command (`esp-prov --sec_ver x`, `esp-prov --sssid x`),
/// reported with swift-argument-parser's exact message but without running it: its parse and the
/// two passes that render an error reflect the whole command tree, which makes a usage error cost
/// three times what the rest of start-up costs (BENCHMARKS.md). The options it knows and the text
/// around each message are the parser's own, checked in (`RenderedHelp`, `make rendered-help`), and
/// CLITests' `UsageErrorShortcutTests` compares every answer it gives with the parser's.
///
/// It answers only command lines it understands completely (`ProvisionToken`) and that hold exactly
/// one mistake: known options, each once and followed by its value, and either one value the option's
/// own type rejects (`init?(argument:)`, through `ProvisionCommand.directlyAccepts`) or one unknown
/// `--long` option. Anything else (subcommands, `--help`,
/// `--name=value`, grouped short flags, enumerations outside their listed words, a second mistake)
/// goes to the parser, so which message wins never depends on this type.
enum UsageErrorShortcut {
    /// What a provisioning option takes after its name.
    enum Value {
        /// Nothing: a flag.
        case none
        /// Any text.
        case text
        /// An integer (`Int`, `BoundedInteger`): the type says which.
        case integer
        /// A number (`Double`, `Seconds`): the type says which.
        case number
        /// One of the listed words; any other word is left to the parser (the type may take more).
        case choice([String])
    }

    /// Options whose `validate()` (the parser runs it before reporting an unknown option) can fail:
    /// with one of these present an unknown option is left to the parser. `-V` ends the run in
    /// `ProvisionCommand.validate()`; value ranges are the option types' own (`Seconds`, `BoundedInteger`).
    static let validatedOptions: Set<String> = ["-V", "--version"]

    /// The parser's message for `arguments` (to be written to stderr, exit status 2), or nil.
    static func message(for arguments: [String]) -> String? {
        guard HelpColumns.current == RenderedHelp.columns, arguments.first?.hasPrefix("-") == true,
              !arguments.contains(where: { ["-h", "--help", "-help"].contains($0) }) else { return nil }
        var mistake: String?
        var given: Set<String> = []
        var validated = false
        var skipsStrayValue = false
        for token in ProvisionToken.split(arguments) {
            guard let option = token.option else {
                // The word after an unknown option is taken as its value, as the parser does.
                if skipsStrayValue, !token.name.hasPrefix("-") {
                    skipsStrayValue = false
                    continue
                }
                guard mistake == nil, isPlainLongOption(token.name) else { return nil }
                mistake = unknownOption(token.name)
                skipsStrayValue = true
                continue
            }
            skipsStrayValue = false
            // `--name=value` is left to the parser, whose wording for it this type does not keep.
            guard !token.attached, given.insert(option).inserted else { return nil }
            validated = validated || validatedOptions.contains(option) || validatedOptions.contains(token.name)
            guard token.takesValue else { continue }
            guard let value = token.value, !value.hasPrefix("-"), let accepted = ProvisionCommand.directlyAccepts(option, value) else {
                return nil
            }
            if accepted { continue }
            guard mistake == nil, let head = RenderedHelp.invalidValue[token.name] else { return nil }
            mistake = head.before + value + head.after + RenderedHelp.usageErrorTail
        }
        if let mistake, mistake.hasPrefix("Error: Unknown option"), validated { return nil }
        return mistake.map { $0 + "\n" }
    }

    private static func isPlainLongOption(_ argument: String) -> Bool {
        argument.hasPrefix("--") && argument.count > 2 && !argument.contains("=")
            && !["--generate-completion-script", "--experimental-dump-help"].contains(argument)
    }

    /// "Unknown option '--sssid'. Did you mean '--ssid'?": the closest long name within an edit
    /// distance of 3, the first of equals in the parser's order (`UsageGenerator.unknownOptionMessage`).
    private static func unknownOption(_ argument: String) -> String {
        var best: (name: String, distance: Int)?
        for name in RenderedHelp.suggestedNames {
            let distance = editDistance(name, argument)
            if distance < 4, distance < (best?.distance ?? .max) { best = (name, distance) }
        }
        let suggestion = best.map { ". Did you mean '\($0.name)'?" } ?? ""
        return "Error: Unknown option '\(argument)'" + suggestion + RenderedHelp.usageErrorTail
    }

    /// Levenshtein distance over characters, as swift-argument-parser's `String.editDistance(to:)`.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
