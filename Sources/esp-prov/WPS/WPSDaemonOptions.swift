import ArgumentParser
import Foundation
import OptionValues
import WpaCtrl

/// The flags every daemon `wps` subcommand shares: which control socket, how long to wait, how to report.
struct WPSDaemonOptions: ParsableArguments {
    @Option(name: [.customLong("ctrl")],
            help: "hostapd's or wpa_supplicant's control socket, or its directory (/run/hostapd, /run/wpa_supplicant).")
    var ctrl: String

    @Option(name: [.customLong("interface"), .customShort("i")], help: "Interface whose socket to use when --ctrl is a directory.")
    var interface: String?

    @Option(name: [.customLong("timeout")], help: "Seconds to wait for the WPS outcome (default 130: the walk time is 120 s; wps er list: 10) \(Seconds<Timeout>.rangeText).")
    var timeout: Seconds<Timeout>?

    @Flag(name: [.customLong("json")], help: "One JSON object per line on stdout (events, then a result).")
    var json = false

    @Flag(name: [.customShort("v"), .customLong("verbose")], help: "Print the daemon's events (never credentials).")
    var verbose = false

    func validate() throws {
        if let interface, interface.isEmpty || interface.contains("/") { throw ValidationError("--interface must be an interface name") }
    }

    var waitTimeout: Duration { waitTimeout(defaultSeconds: 130) }

    /// `--timeout`, or `defaultSeconds` where the subcommand's natural bound differs (a UPnP listing needs seconds, not the walk time).
    func waitTimeout(defaultSeconds: Double) -> Duration { timeout?.duration ?? .seconds(defaultSeconds) }
}
