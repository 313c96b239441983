import ArgumentParser
import Foundation
import WPS

/// `esp-prov wps nfc-token`: writes the daemon's NFC password token to a file (mode 0600). The
/// token lets whoever reads it join, so it goes to a file, never to the terminal.
struct WPSNFCTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nfc-token",
        abstract: "Write the daemon's WPS NFC password token to a file (NDEF for a tag, or raw WPS).")

    @OptionGroup var options: WPSDaemonOptions

    @Option(name: [.customLong("output"), .customShort("o")], help: "The file to write (created with mode 0600).")
    var output: String

    @Option(name: [.customLong("format")], help: "ndef (for an NFC tag) or wps (the raw attributes).")
    var format: NFCTokenFormat = .ndef

    func run() async throws {
        let run = WPSDaemonRun(options: options)
        try await run.run { daemon in
            let token = try daemon.nfcPasswordToken(ndef: format == .ndef)
            do {
                try PrivateFile.write([UInt8](token), to: output, exclusive: false)
            } catch PrivateFile.Failure.cannotOpen(let why) {
                throw CommandFailure(.usage, "--output \(output): cannot write the file (\(why))")
            } catch {
                throw CommandFailure(.usage, "--output \(output): the write failed")
            }
            return ("wrote the \(format.rawValue.uppercased()) password token (\(token.count) bytes) to \(output): treat it as a secret",
                    WPSResults.NFCToken(format: format.rawValue, bytes: token.count, output: output))
        }
    }
}

/// `--format` of `wps nfc-token`.
enum NFCTokenFormat: String, ExpressibleByArgument, CaseIterable {
    case ndef, wps
}
