import ArgumentParser
import WPS

/// The AP's label PIN of `wps ap-pin`, `wps er learn` and `wps er config`: from `--ap_pin_file` or
/// `ESP_PROV_WPS_AP_PIN` only (never a flag value, which `ps` would show), checksum-checked.
struct WPSAPPinOptions: ParsableArguments {
    @Option(name: [.customLong("ap_pin_file"), .customLong("ap-pin-file")], help: "Read the AP's PIN from a file (- for stdin; or ESP_PROV_WPS_AP_PIN).")
    var apPinFile: String?

    func pin() throws -> WPSPin {
        guard let text = try SecretSource(flag: nil, file: apPinFile, environmentVariable: "ESP_PROV_WPS_AP_PIN", fileFlagName: "--ap_pin_file").resolve() else {
            throw CommandFailure(.usage, "give the AP's PIN with --ap_pin_file FILE or ESP_PROV_WPS_AP_PIN")
        }
        return try WPSPin.parsingForCLI(text, flag: "--ap_pin_file")
    }
}
