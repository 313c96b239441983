import ArgumentParser
import Foundation
import OptionValues
import WpaCtrl

/// The flags every `dpp` and `wps` subcommand shares: which control socket, how long to wait, how
/// to report. `--ctrl` is one rule for both: parsed as optional, and defaulted only where the
/// subcommand, not the daemon, decides what happens (`dpp`: /run/wpa_supplicant, /run/hostapd with
/// `--ap`); in `wps` the daemon decides the role (hostapd's `WPS_PBC` opens a window,
/// wpa_supplicant's joins an AP), so it is never guessed there.
struct DaemonOptions: ParsableArguments {
    @Option(name: [.customLong("ctrl")],
            help: "hostapd's or wpa_supplicant's control socket, or a directory of them (dpp: default /run/wpa_supplicant, /run/hostapd with --ap; wps: required).")
    var ctrl: String?

    @Option(name: [.customLong("interface"), .customShort("i")], help: "Interface whose socket to use when --ctrl is a directory.")
    var interface: String?

    @Option(name: [.customLong("timeout")],
            help: "Seconds the run may take (dpp configure 30, enroll 120, uri/sign 10; wps 130, the walk time being 120; wps er list: 10) \(Seconds<Timeout>.rangeText).")
    var timeout: Seconds<Timeout>?

    @Flag(name: [.customLong("json")], help: "Print one JSON object per line on stdout (events, then a result) instead of text.")
    var json = false

    @Flag(name: [.customShort("v"), .customLong("verbose")], help: "Print the daemon's commands (dpp) and events on stderr (never secrets).")
    var verbose = false

    func validate() throws {
        if let interface, interface.isEmpty || interface.contains("/") { throw ValidationError("--interface must be an interface name") }
    }

    /// The socket `--ctrl`/`--interface` name; `defaultDirectory` when `--ctrl` is absent (nil: it is required).
    func endpoint(defaultDirectory: String?) throws -> ControlEndpoint {
        guard let path = ctrl ?? defaultDirectory else { throw CommandFailure(.usage, Self.ctrlRequired) }
        return ControlEndpoint(socketPath: try ControlSocketLocator.resolve(path, interface: interface))
    }

    /// Why `wps` has no default socket, as its usage error says.
    static let ctrlRequired = "--ctrl is required: hostapd's control socket (the AP side) or wpa_supplicant's (the station side), or their directory"

    /// `--timeout`, or `defaultSeconds` (the subcommand's natural bound).
    func waitTimeout(defaultSeconds: Double) -> Duration { timeout?.duration ?? .seconds(defaultSeconds) }
}
