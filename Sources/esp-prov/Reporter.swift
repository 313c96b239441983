import Foundation
import ProvClient

/// Where a run's progress goes: esp_prov-style text, or JSON lines for machines.
enum Reporter: Sendable {
    case text(TextReporter)
    case json(JSONReporter)

    static func make(json: Bool, verbose: Bool) -> Reporter {
        let write: @Sendable (String) -> Void = { StandardStream.output.write($0) }
        if json { return .json(JSONReporter(write: write)) }
        let environment = ProcessInfo.processInfo.environment
        let terminal = isatty(STDOUT_FILENO) == 1 && TerminalCapabilities.understandsEscapes(environment: environment)
        let colors = terminal && environment["NO_COLOR"] == nil
        return .text(TextReporter(verbose: verbose, terminal: terminal, colors: colors, write: write))
    }

    func started(transport: TransportKind, service: String?) {
        switch self {
        case .text(let text):
            if let service, transport == .http { text.plain("++++ Connecting to \(service)++++") }
        case .json(let json):
            json.start(transport: transport.name, service: service)
        }
    }

    func report(_ event: ProvEvent) {
        switch self {
        case .text(let text): text.report(event)
        case .json(let json): json.report(event)
        }
    }

    /// Protocol detail from transports (verbose text only).
    func detail(_ line: String) { report(.detail(line)) }

    func finished(_ outcome: ProvisioningOutcome?, error: ProvError?, wifiGoal: Bool) {
        switch self {
        case .text(let text):
            text.progress?.stop()
            if wifiGoal, let error, error.isWiFiOutcome { text.plain("---- Provisioning failed! ----", .failure) }
        case .json(let json):
            json.finish(outcome: outcome, error: error)
        }
    }
}
