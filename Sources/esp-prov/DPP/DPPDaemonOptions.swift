import ArgumentParser
import Foundation
import OptionValues
import WpaCtrl

/// The daemon flags of a `dpp` subcommand: the shared ones, plus `--ap` for hostapd's default directory.
struct DPPDaemonOptions: ParsableArguments {
    @OptionGroup var common: DaemonOptions

    @Flag(name: [.customLong("ap")], help: "Default to hostapd's socket directory (/run/hostapd).")
    var ap = false

    var json: Bool { common.json }
    var verbose: Bool { common.verbose }

    /// Where `--ctrl` defaults to.
    var defaultDirectory: String { ap ? "/run/hostapd" : "/run/wpa_supplicant" }

    func deadline(default seconds: Double) -> Duration {
        .milliseconds(Int64(((common.timeout?.value ?? seconds) * 1000).rounded()))
    }
}
