import ArgumentParser
import WPS

/// `--pin_file` of `wps pin` and `wps er pin`, and how both resolve the enrollee's PIN: `--pin`, else
/// the file, else `ESP_PROV_WPS_PIN`, checksum-checked. Each command keeps its own `--pin` for its help text.
struct WPSPinFileOptions: ParsableArguments {
    @Option(name: [.customLong("pin_file"), .customLong("pin-file")], help: "Read the PIN from a file (- for stdin).")
    var pinFile: String?

    /// The PIN from `--pin` (`given`), the file or the environment; nil when none was given.
    func pin(given: String?) throws -> WPSPin? {
        try SecretSource(flag: given, file: pinFile, environmentVariable: "ESP_PROV_WPS_PIN", fileFlagName: "--pin_file")
            .resolve().map { try WPSPin.parsingForCLI($0, flag: "--pin") }
    }
}
