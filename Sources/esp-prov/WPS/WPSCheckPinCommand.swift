import ArgumentParser
import WPS

/// `esp-prov wps check-pin PIN`: the checksum rule alone, no daemon, so a label or a board's log
/// line can be checked before anyone waits two minutes for a PIN that cannot match.
struct WPSCheckPinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-pin",
        abstract: "Check a WPS PIN's checksum and print it normalised (1234-5670 → 12345670).")

    @Argument(help: "The PIN: 8 digits (or 4, no check digit), '-' or spaces allowed between them.")
    var pin: String

    func run() async throws {
        StandardStream.output.write(try WPSPin.parsingForCLI(pin, flag: "PIN").digits + "\n")
    }
}

extension WPSPin {
    /// The PIN, or the failure that names where it came from and exits 20 (checksum) or 2 (not a PIN).
    static func parsingForCLI(_ text: String, flag: String) throws -> WPSPin {
        do {
            return try WPSPin(parsing: text)
        } catch let error as WPSPinError {
            throw CommandFailure(error == .wrongChecksum ? .wpsPinChecksum : .usage, "\(flag): \(error)")
        }
    }
}
