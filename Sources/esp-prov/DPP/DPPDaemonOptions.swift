import ArgumentParser
import Foundation
import OptionValues
import WpaCtrl

/// The flags every `dpp` subcommand shares: which daemon socket, how long to wait, how to report.
struct DPPDaemonOptions: ParsableArguments {
    @Option(name: [.customLong("ctrl")],
            help: "Control socket, or a directory of them (default /run/wpa_supplicant, /run/hostapd with --ap).")
    var ctrl: String?

    @Option(name: [.customLong("interface"), .customShort("i")], help: "Interface whose socket to use when --ctrl is a directory.")
    var interface: String?

    @Flag(name: [.customLong("ap")], help: "Default to hostapd's socket directory (/run/hostapd).")
    var ap = false

    @Option(name: [.customLong("timeout")], help: "Seconds to wait for the exchange to finish \(Seconds<Timeout>.rangeText).")
    var timeout: Seconds<Timeout>?

    @Flag(name: [.customLong("json")], help: "Print one JSON object per line (events, then a result) instead of text.")
    var json = false

    @Flag(name: [.customShort("v"), .customLong("verbose")], help: "Print daemon commands and events (never secrets).")
    var verbose = false

    func validate() throws {
        if let interface, interface.isEmpty || interface.contains("/") { throw ValidationError("--interface must be an interface name") }
    }

    /// The socket `--ctrl`/`--interface`/`--ap` name.
    func socketPath() throws -> String {
        try ControlSocketLocator.resolve(ctrl ?? (ap ? "/run/hostapd" : "/run/wpa_supplicant"), interface: interface)
    }

    func deadline(default seconds: Double) -> Duration {
        .milliseconds(Int64(((timeout?.value ?? seconds) * 1000).rounded()))
    }
}
