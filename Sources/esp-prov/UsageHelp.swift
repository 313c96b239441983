import ArgumentParser

/// `esp-prov --help` as esp_prov users expect it: the provisioning flags first (esp_prov has no
/// subcommands, so that is what its help shows), then esp-prov's subcommands; and
/// `esp-prov help exit-codes`, the exit-status table scripts branch on.
///
/// The screens depend only on the build, so at the usual width they come from `RenderedHelp`
/// (checked in, kept current by CLITests' `RenderedHelpTests`): rendering them costs
/// swift-argument-parser's reflection of the whole command, two thirds of a cold `--help`.
enum UsageHelp {
    /// The text for a help request answered without the parser (nil: let the parser handle the arguments).
    static func text(for arguments: [String]) -> String? {
        if let own = ownText(for: arguments) { return own }
        guard HelpColumns.current == RenderedHelp.columns else { return nil }
        return RenderedHelp.subcommand(arguments)
    }

    /// The screens this type composes itself; every other help screen is the parser's own.
    static func ownText(for arguments: [String]) -> String? {
        switch arguments {
        case ["--help"], ["-h"], ["help"], ["provision", "--help"], ["help", "provision"]:
            return HelpColumns.current == RenderedHelp.columns ? RenderedHelp.root : renderedRootHelp
        case ["help", "exit-codes"], ["help", "exit_codes"]:
            return exitCodes
        default:
            return nil
        }
    }

    /// The root screen as swift-argument-parser renders it at the current width.
    static var renderedRootHelp: String {
        let provision = EspProv.helpMessage(for: ProvisionCommand.self)
            .replacingOccurrences(of: "esp-prov provision ", with: "esp-prov [provision] ")
        return EspProv.configuration.abstract + "\n\n" + provision + "\nSUBCOMMANDS:\n" + subcommandList
            + "\n  See 'esp-prov help <subcommand>' for a subcommand's flags.\n\n"
    }

    /// One line per subcommand, from the registered commands themselves, so a new subcommand is
    /// listed without touching this file.
    static var subcommandList: String {
        var rows: [(String, String)] = []
        for command in EspProv.configuration.subcommands {
            let name = command.configuration.commandName ?? command._commandName
            if command == ProvisionCommand.self {
                rows.append(("\(name) (default)", "Provision one device (the flags above; the word itself is optional)."))
            } else {
                rows.append((name, command.configuration.abstract))
            }
        }
        rows.append(("help exit-codes", "The exit status of every outcome."))
        return rows.map { name, abstract in
            "  " + name + String(repeating: " ", count: max(1, 24 - name.count)) + abstract + "\n"
        }.joined()
    }

    static var exitCodes: String {
        var text = "EXIT CODES (the JSON `error` name in brackets):\n"
        for status in ExitStatus.allCases {
            let code = String(status.rawValue)
            text += "  " + String(repeating: " ", count: max(0, 3 - code.count)) + code + "  "
                + "[\(status.name)] " + status.meaning + "\n"
        }
        return text
    }
}

extension ExitStatus {
    /// One line per status for `esp-prov help exit-codes` (the README's table says the same, longer).
    var meaning: String {
        switch self {
        case .success: return "success"
        case .internalError: return "a bug in esp-prov"
        case .usage: return "bad or missing flags, or a value nobody may be asked for"
        case .transport: return "the device could not be reached, or the link failed"
        case .auth: return "no secure session: wrong PoP or sec2 credentials, scheme mismatch, a device weaker than the credentials imply; opensync ssl: a certificate refused"
        case .wifiAuth: return "the device reports a wrong Wi-Fi password"
        case .wifiNotFound: return "the device reports the network was not found"
        case .timeout: return "a deadline passed"
        case .protocolError: return "the device sent malformed or inconsistent data, or refused a command"
        case .unsupported: return "the device lacks what was asked"
        case .outcomeUnknown: return "credentials were sent, then the device stopped answering or answered damaged"
        case .batchFailed: return "some devices of a batch failed, or its report could not be written"
        case .threadAttach: return "a Thread network could not be joined"
        case .threadNotFound: return "the device found no Thread network matching the dataset"
        case .daemonUnreachable: return "dpp/wps: the daemon's control socket does not exist or refuses"
        case .daemonPermission: return "dpp/wps: not allowed to use the control socket"
        case .daemonUnsupported: return "dpp/wps: the daemon's build lacks DPP or WPS"
        case .dppURI: return "dpp: the DPP URI is malformed (the field is named) or the daemon refused it"
        case .dppNoPeer: return "dpp: the peer never answered (no-ACK on every try, or no radio: use --tcp)"
        case .dppRejected: return "dpp: the peer answered but authentication or configuration failed"
        case .wpsPinChecksum: return "wps: a PIN fails the WPS checksum (mistyped)"
        case .wpsWrongPin: return "wps: the other side reports a wrong PIN (config_error 18)"
        case .wpsOverlap: return "wps: two devices pushed the button at once: refused"
        case .wpsSetupLocked: return "wps: the AP locked its WPS setup (config_error 15)"
        case .wpsWindowClosed: return "wps: the WPS window closed without a device completing"
        case .wpsFailed: return "wps: WPS failed otherwise (the message names the config_error)"
        case .openSyncRefused: return "wps opensync: OpenSync's rules refuse the request"
        case .doctorBluetooth: return "doctor: Bluetooth LE cannot work here"
        case .doctorSoftAP: return "doctor: no interface reaches the SoftAP address directly"
        case .doctorDaemon: return "doctor: DPP or WPS cannot work here"
        case .interrupted: return "stopped by Ctrl-C, SIGTERM or SIGHUP"
        }
    }
}
