import ArgumentParser

/// The daemon flags of a `wps` subcommand: the shared ones, with `--ctrl` required (the daemon
/// decides the role, see `DaemonOptions`); checked while parsing, so the usage error comes before
/// the weak-security note.
struct WPSDaemonOptions: ParsableArguments {
    @OptionGroup var common: DaemonOptions

    func validate() throws {
        if common.ctrl == nil { throw ValidationError(DaemonOptions.ctrlRequired) }
    }

    var json: Bool { common.json }

    var waitTimeout: Duration { common.waitTimeout(defaultSeconds: 130) }

    /// `--timeout`, or `defaultSeconds` where the subcommand's natural bound differs (a UPnP listing needs seconds, not the walk time).
    func waitTimeout(defaultSeconds: Double) -> Duration { common.waitTimeout(defaultSeconds: defaultSeconds) }
}
