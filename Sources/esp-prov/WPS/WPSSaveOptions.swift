import ArgumentParser

/// `--save` and `--update_config` of the `wps` subcommands that can add a network to wpa_supplicant.
struct WPSSaveOptions: ParsableArguments {
    @Flag(name: [.customLong("save")], help: "wpa_supplicant: keep the network (SAVE_CONFIG; needs update_config=1).")
    var save = false

    @Flag(name: [.customLong("update_config"), .customLong("update-config")],
          help: "With --save, when wpa_supplicant runs with update_config=0: SET update_config 1 first, so it rewrites its configuration file.")
    var updateConfig = false

    func validate() throws {
        if updateConfig && !save { throw ValidationError("--update_config goes with --save") }
    }
}
