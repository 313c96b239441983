import ArgumentParser
import Foundation
import ProvClient
import ProvBatch

/// The `esp-prov` entry point: runs the command and turns every outcome into a documented exit code.
@main
struct EspProv: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "esp-prov",
        abstract: "Provision ESP32 devices onto Wi-Fi or Thread networks (a drop-in replacement for esp_prov).",
        subcommands: [ProvisionCommand.self, QRCommand.self, BatchCommand.self, DPPCommand.self, DoctorCommand.self],
        defaultSubcommand: ProvisionCommand.self)

    static func main() async {
        do {
            var command = try parseAsRoot(DPPQRRedirect.rewrite(Array(CommandLine.arguments.dropFirst())))
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("error: \(failure)\n".utf8))
            Foundation.exit(failure.status.rawValue)
        } catch let error as ProvError {
            FileHandle.standardError.write(Data("error: \(error.namingFlags)\n".utf8))
            Foundation.exit(error.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(ProvError.usage("").exitCode)
        }
    }
}
