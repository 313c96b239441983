/// The commonest usage errors of the provisioning command (`esp-prov --sec_ver x`, `esp-prov --sssid x`),
/// reported with swift-argument-parser's exact message but without running it: its parse and the
/// two passes that render an error reflect the whole command tree, which makes a usage error cost
/// three times what the rest of start-up costs (BENCHMARKS.md). The options it knows and the text
/// around each message are the parser's own, checked in (`RenderedHelp`, `make rendered-help`), and
/// CLITests' `UsageErrorShortcutTests` compares every answer it gives with the parser's.
///
/// It answers only command lines it understands completely and that hold exactly one mistake:
/// known options, each once and followed by its value, and either one value the option's type
/// rejects (`Int`, `Double`) or one unknown `--long` option. Anything else (subcommands, `--help`,
/// `--name=value`, grouped short flags, enumerations outside their listed words, a second mistake)
/// goes to the parser, so which message wins never depends on this type.
enum UsageErrorShortcut {
    /// What a provisioning option takes after its name.
    enum Value {
        /// Nothing: a flag.
        case none
        /// Any text.
        case text
        /// What `Int(_:)` reads (swift-argument-parser's `Int.init(argument:)`).
        case integer
        /// What `Double(_:)` reads.
        case number
        /// One of the listed words; any other word is left to the parser (the type may take more).
        case choice([String])
    }

    /// Options whose `validate()` (the parser runs it before reporting an unknown option) can fail:
    /// with one of these present an unknown option is left to the parser. `-V` ends the run in
    /// `ProvisionCommand.validate()`, `--scan_timeout` is checked in `BLEOptions.validate()`.
    static let validatedOptions: Set<String> = ["-V", "--version", "--scan_timeout", "--scan-timeout"]

    /// The parser's message for `arguments` (to be written to stderr, exit status 2), or nil.
    static func message(for arguments: [String]) -> String? {
        guard HelpColumns.current == RenderedHelp.columns, arguments.first?.hasPrefix("-") == true,
              !arguments.contains(where: { ["-h", "--help", "-help"].contains($0) }) else { return nil }
        var mistake: String?
        var given: Set<String> = []
        var validated = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard let option = RenderedHelp.provisionOptions.first(where: { $0.names.contains(argument) }) else {
                guard mistake == nil, isPlainLongOption(argument) else { return nil }
                mistake = unknownOption(argument)
                if index < arguments.count, !arguments[index].hasPrefix("-") { index += 1 }
                continue
            }
            guard given.insert(option.names[0]).inserted else { return nil }
            validated = validated || !validatedOptions.isDisjoint(with: option.names)
            if case .none = option.value { continue }
            guard index < arguments.count, !arguments[index].hasPrefix("-") else { return nil }
            let value = arguments[index]
            index += 1
            switch accepts(option.value, value) {
            case true?:
                continue
            case false?:
                guard mistake == nil, let head = RenderedHelp.invalidValue[argument] else { return nil }
                mistake = head.before + value + head.after + RenderedHelp.usageErrorTail
            case nil:
                return nil
            }
        }
        if let mistake, mistake.hasPrefix("Error: Unknown option"), validated { return nil }
        return mistake.map { $0 + "\n" }
    }

    /// Whether `value` is one `kind` takes (nil: this type cannot tell).
    private static func accepts(_ kind: Value, _ value: String) -> Bool? {
        switch kind {
        case .none, .text: return true
        case .integer: return Int(value) != nil
        case .number: return Double(value) != nil
        case .choice(let words): return words.contains(value) ? true : nil
        }
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
