import ArgumentParser
import BuildInfo

/// The provisioning command read from a command line that parses cleanly, without running
/// swift-argument-parser. Its parse reflects the whole command tree (the root's completion-script
/// and passthrough checks, then every property wrapper of this command), and each first dynamic cast
/// scans the binary's 8,800 conformance records: about a fifth of a full sec2 run's CPU (BENCHMARKS.md,
/// issue 15). A run that provisions a board needs none of that.
///
/// It takes only what it understands completely: known options, each once, `--name value` or
/// `--name=value`, with values the option's own type reads (`init?(argument:)`, the parser's code).
/// Anything else (a subcommand, help, `-V`, grouped short flags, `--`, a value that starts with `-`
/// other than `-` for stdin, `--name=` with nothing after it, a repeated option, a value the type
/// rejects, a failing `validate()`) goes to the parser, so errors keep the parser's messages. CLITests' `DirectParseTests` compares every command it builds with the
/// parser's, property by property, over a corpus that names every option.
extension ProvisionCommand {
    /// The command `arguments` spell, or nil when the parser should read them.
    static func parsedDirectly(_ arguments: [String]) -> ProvisionCommand? {
        guard arguments.first?.hasPrefix("-") == true else { return nil }
        var command = withDefaults()
        var given: Set<String> = []
        var index = 0
        while index < arguments.count {
            var name = arguments[index]
            index += 1
            var attached: String?
            if name.hasPrefix("--"), let equals = name.firstIndex(of: "=") {
                attached = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let canonical = RenderedHelp.provisionOptions.first(where: { $0.names.contains(name) })?.names[0],
                  let setter = directSetters[canonical], given.insert(canonical).inserted else { return nil }
            guard setter.takesValue else {
                guard attached == nil else { return nil }
                _ = setter.store(&command, "")
                continue
            }
            let value: String
            if let attached {
                guard !attached.isEmpty else { return nil }  // the parser: "Missing value for '--ssid <ssid>'"
                value = attached
            } else {
                guard index < arguments.count else { return nil }
                value = arguments[index]
                index += 1
            }
            guard !value.hasPrefix("-") || value == "-", setter.store(&command, value) else { return nil }
        }
        guard (try? command.validate()) != nil, (try? command.ble.validate()) != nil else { return nil }
        return command
    }

    /// Every option at its default, as the parser leaves an option that is not given.
    static func withDefaults() -> ProvisionCommand {
        var thread = ThreadOptions()
        thread.datasetTLVs = nil
        thread.datasetTLVsFile = nil
        var ble = BLEOptions()
        ble.adapter = nil
        ble.scanTimeout = BLEOptions.Default.scanTimeout
        ble.namePrefix = BLEOptions.Default.namePrefix
        ble.consoleFallback = false
        ble.serviceUUID = BLEOptions.Default.serviceUUID
        // Plain assignments: a key path's write reads the property first, and an unparsed
        // property wrapper ends the program when read.
        var command = ProvisionCommand()
        command.serviceName = nil
        command.protocolVersion = nil
        command.pop = nil
        command.popFile = nil
        command.username = nil
        command.password = nil
        command.passwordFile = nil
        command.ssid = nil
        command.passphrase = nil
        command.passphraseFile = nil
        command.customData = nil
        command.qr = nil
        command.generateCredentials = false
        command.reset = false
        command.reprovision = false
        command.verbose = false
        command.noPrompt = false
        command.json = false
        command.transport = nil
        command.securityVersion = nil
        command.saltLength = Default.saltLength
        command.customEndpoint = Default.customEndpoint
        command.timeout = Default.timeout
        command.requestTimeout = Default.requestTimeout
        command.wifiInterface = nil
        command.deadline = nil
        command.endWithStdin = false
        command.threadOptions = thread
        command.ble = ble
        command.versionFlag = .notRequested
        return command
    }

    /// Where each option's value goes, by its first name in `RenderedHelp.provisionOptions`.
    /// `--version` is not here: `-V` ends the run in `validate()`, which the parser words.
    static let directSetters: [String: DirectSetter] = [
        "--transport": .value(\.transport),
        "--service_name": .value(\.serviceName),
        "--proto_ver": .value(\.protocolVersion),
        "--sec_ver": .value(\.securityVersion),
        "--pop": .value(\.pop),
        "--pop_file": .value(\.popFile),
        "--sec2_username": .value(\.username),
        "--sec2_pwd": .value(\.password),
        "--sec2_pwd_file": .value(\.passwordFile),
        "--sec2_gen_cred": .flag(\.generateCredentials),
        "--sec2_salt_len": .value(\.saltLength),
        "--ssid": .value(\.ssid),
        "--passphrase": .value(\.passphrase),
        "--passphrase_file": .value(\.passphraseFile),
        "--dataset_tlvs": .value(\.threadOptions.datasetTLVs),
        "--dataset_tlvs_file": .value(\.threadOptions.datasetTLVsFile),
        "--custom_data": .value(\.customData),
        "--custom_endpoint": .value(\.customEndpoint),
        "--reset": .flag(\.reset),
        "--reprov": .flag(\.reprovision),
        "--timeout": .value(\.timeout),
        "--request_timeout": .value(\.requestTimeout),
        "-v": .flag(\.verbose),
        "--ble_adapter": .value(\.ble.adapter),
        "--scan_timeout": .value(\.ble.scanTimeout),
        "--name_prefix": .value(\.ble.namePrefix),
        "--console_fallback": .flag(\.ble.consoleFallback),
        "--ble_service_uuid": .value(\.ble.serviceUUID),
        "--wifi_interface": .value(\.wifiInterface),
        "--deadline": .value(\.deadline),
        "--end_with_stdin": .flag(\.endWithStdin),
        "--no_prompt": .flag(\.noPrompt),
        "--json": .flag(\.json),
        "--qr": .value(\.qr),
    ]
}

/// How `ProvisionCommand.parsedDirectly` stores one option.
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
