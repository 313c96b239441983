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
        subcommands: [ProvisionCommand.self, QRCommand.self, BatchCommand.self, DPPCommand.self, WPSCommand.self, DoctorCommand.self],
        defaultSubcommand: ProvisionCommand.self)

    static func main() async {
        StandardStream.prepareForClosedReaders()
        CoreDumps.disable()
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let help = UsageHelp.text(for: arguments) {
            StandardStream.output.write(help)
            Foundation.exit(0)
        }
        do {
            let redirected = try DPPQRRedirect.rewrite(arguments)
            if redirected == nil, let message = UsageErrorShortcut.message(for: arguments) {
                StandardStream.error.write(message)
                Foundation.exit(ExitStatus.usage.rawValue)
            }
            // A clean provisioning command line skips the parser's reflection (ProvisionCommand+DirectParse).
            if redirected == nil, let command = ProvisionCommand.parsedDirectly(arguments) {
                try await command.run()
                Foundation.exit(0)
            }
            var command = try parseAsRoot(redirected ?? arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch let failure as CommandFailure {
            StandardStream.error.write("error: \(failure)\n")
            Foundation.exit(failure.status.rawValue)
        } catch let error as ProvError {
            StandardStream.error.write("error: \(error.namingFlags)\n")
            Foundation.exit(ExitStatus(for: error).rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            StandardStream.error.write(fullMessage(for: error) + "\n")
            Foundation.exit(ExitStatus.usage.rawValue)
        }
    }
}
