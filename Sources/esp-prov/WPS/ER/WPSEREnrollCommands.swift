import ArgumentParser
import WPS

/// `esp-prov wps er pin`: the ER's registrar accepts an enrollee's PIN through whichever AP it
/// reaches (`WPS_ER_PIN <uuid|any> <PIN> [mac]`) and waits for the registration.
struct WPSERPinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pin",
        abstract: "Enroll a device by its PIN through the network's APs (WPS_ER_PIN).")

    @OptionGroup var options: WPSDaemonOptions
    @OptionGroup var er: WPSEROptions

    @Option(name: [.customLong("enrollee")], help: "The device: its UUID, its MAC address, or any.")
    var enrollee: String = "any"

    @Option(name: [.customLong("pin")], help: "The device's PIN (also --pin_file, ESP_PROV_WPS_PIN).")
    var pin: String?

    @OptionGroup var pinFile: WPSPinFileOptions

    func validate() throws { try WPSERTarget.validate(enrollee, flag: "--enrollee", allowAny: true) }

    func run() async throws {
        guard let pin = try pinFile.pin(given: pin) else {
            throw CommandFailure(.usage, "give the device's PIN with --pin, --pin_file or ESP_PROV_WPS_PIN")
        }
        try await WPSERRun(options: options, filter: er.apIP).enroll(
            enrollee, method: "pin", startedText: "PIN accepted for \(enrollee): start WPS with that PIN on the device now"
        ) { registrar, deadline, timeout, started in
            try registrar.enrollWithPin(enrollee, pin: pin, until: deadline, timeout: timeout, started: started)
        }
    }
}

/// `esp-prov wps er pbc`: push button for an enrollee an AP has relayed to the ER (`WPS_ER_PBC`).
struct WPSERPushButtonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pbc",
        abstract: "Enroll a device that is in push-button mode through the network's APs (WPS_ER_PBC).")

    @OptionGroup var options: WPSDaemonOptions
    @OptionGroup var er: WPSEROptions

    @Option(name: [.customLong("enrollee")], help: "The device: its UUID (as wps er list shows) or MAC address.")
    var enrollee: String

    func validate() throws { try WPSERTarget.validate(enrollee, flag: "--enrollee") }

    func run() async throws {
        try await WPSERRun(options: options, filter: er.apIP).enroll(enrollee, method: "pbc", startedText: "push button accepted for \(enrollee)") {
            registrar, deadline, timeout, started in
            try registrar.enrollWithPushButton(enrollee, until: deadline, timeout: timeout, started: started)
        }
    }
}

extension WPSERRun {
    /// `pin`/`pbc`: runs `enroll` within `--timeout`, reports `wps_started` once the ER accepted the
    /// command, and the registration as the result.
    func enroll(
        _ enrollee: String, method: String, startedText: String,
        _ enroll: (WPSExternalRegistrar, ContinuousClock.Instant, Duration, () -> Void) throws -> Void
    ) async throws {
        let timeout = daemonRun.options.waitTimeout
        let deadline = ContinuousClock.now + timeout
        let output = self.output
        try await run { registrar in
            try enroll(registrar, deadline, timeout) {
                output.event(WPSEvents.Started(method: method, role: "external_registrar", enrollee: enrollee), text: startedText)
            }
            return ("enrollee \(enrollee) registered through the External Registrar", WPSResults.ERRegistered(enrollee: enrollee))
        }
    }
}
