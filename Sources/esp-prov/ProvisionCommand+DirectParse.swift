import ArgumentParser
import BuildInfo

/// The provisioning command read from a command line that parses cleanly, without running
/// swift-argument-parser. Its parse reflects the whole command tree (the root's completion-script
/// and passthrough checks, then every property wrapper of this command), and each first dynamic cast
/// scans the binary's 8,800 conformance records: about a fifth of a full sec2 run's CPU (BENCHMARKS.md,
/// issue 15). A run that provisions a board needs none of that.
///
/// It takes only what it understands completely: known options, each once, `--name value` or
/// `--name=value` (`ProvisionToken`), with values the option's own type reads (`init?(argument:)`,
/// the parser's code). Anything else (a subcommand, help, `-V`, grouped short flags, `--`, a value
/// that starts with `-` other than `-` for stdin, `--name=` with nothing after it, a repeated option,
/// a value the type rejects, a failing `validate()`) goes to the parser, so errors keep the parser's
/// messages. Where each value goes and the defaults (`directSetter(_:)`, `withDefaults()`) are generated
/// from the `@Option`s by `make rendered-help`. CLITests' `DirectParseTests` compares every command it
/// builds with the parser's, property by property, over a corpus that names every option.
extension ProvisionCommand {
    /// The command `arguments` spell, or nil when the parser should read them.
    static func parsedDirectly(_ arguments: [String]) -> ProvisionCommand? {
        guard arguments.first?.hasPrefix("-") == true else { return nil }
        var command = withDefaults()
        var given: Set<String> = []
        for token in ProvisionToken.split(arguments) {
            guard let option = token.option, let setter = directSetter(option), given.insert(option).inserted else { return nil }
            guard setter.takesValue else {
                guard !token.attached else { return nil }
                _ = setter.store(&command, "")
                continue
            }
            // `--name=` with nothing after it: the parser says "Missing value for '--ssid <ssid>'".
            guard let value = token.value, !value.isEmpty || !token.attached,
                  !value.hasPrefix("-") || value == "-", setter.store(&command, value) else { return nil }
        }
        guard (try? command.validate()) != nil, (try? command.ble.validate()) != nil else { return nil }
        return command
    }

    /// Every option's setter, by first name (tests; the parse itself makes only the setters it uses).
    static var directSetters: [String: DirectSetter] {
        Dictionary(uniqueKeysWithValues: directOptionNames.compactMap { name in directSetter(name).map { (name, $0) } })
    }
}

/// How `ProvisionCommand.parsedDirectly` stores one option (the table is generated into `RenderedHelp.swift`).
struct DirectSetter {
    /// Whether the option takes a value (false: a flag, set to true).
    let takesValue: Bool
    /// Stores the value; false when the option's type rejects it.
    let store: (inout ProvisionCommand, String) -> Bool

    /// A flag: given means true.
    static func flag(_ path: WritableKeyPath<ProvisionCommand, Bool>) -> DirectSetter {
        DirectSetter(takesValue: false) { command, _ in
            command[keyPath: path] = true
            return true
        }
    }

    /// An option of a type the parser reads with `init?(argument:)`, as here.
    static func value<Value: ExpressibleByArgument>(_ path: WritableKeyPath<ProvisionCommand, Value>) -> DirectSetter {
        reading(Value.init(argument:), into: path)
    }

    /// The same for an optional value (nil until given).
    static func value<Value: ExpressibleByArgument>(_ path: WritableKeyPath<ProvisionCommand, Value?>) -> DirectSetter {
        reading({ Value(argument: $0).map(Optional.some) }, into: path)
    }

    private static func reading<Stored>(
        _ read: @escaping (String) -> Stored?, into path: WritableKeyPath<ProvisionCommand, Stored>
    ) -> DirectSetter {
        DirectSetter(takesValue: true) { command, text in
            guard let value = read(text) else { return false }
            command[keyPath: path] = value
            return true
        }
    }
}
