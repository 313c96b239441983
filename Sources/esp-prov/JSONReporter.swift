import Foundation
import ProvClient
import ProvCrypto
import Synchronization

/// `--json`: one JSON object per line on stdout for every progress event and a final `result`,
/// so CI rigs parse outcomes instead of scraping text. Field names are stable (README, "JSON output").
/// Thread runs add `warning`, `thread_scan_started`, `thread_scan_results`, `dataset_sent`,
/// `config_applied` (with `"network": "thread"`) and `thread_status`; the `result` of an attach
/// carries `thread_network`. No field ever holds the dataset TLVs or the network key.
final class JSONReporter: Sendable {
    let lines: JSONLines
    /// Seconds from the start to the established session; nil until then.
    private let sessionAt = Mutex<Double?>(nil)

    init(write: @escaping @Sendable (String) -> Void) {
        self.lines = JSONLines(write: write)
    }

    private var elapsed: Double { lines.elapsed }

    func start(transport: String, service: String?) {
        emit(ProvisioningEvents.Start(transport: transport, service: service))
    }

    func report(_ event: ProvEvent) {
        typealias Events = ProvisioningEvents
        switch event {
        case .deviceInfo(let info):
            emit(Events.DeviceInfo(
                version: info.version, secVer: info.securityVersion, secPatchVer: info.securityPatchVersion,
                capabilities: info.capabilities, manager: info.manager.rawValue, network: info.network.rawValue, json: info.isJSON))
        case .securityChosen(let plan):
            emit(Events.Security(
                scheme: plan.version.rawValue, reason: plan.reason, minimum: plan.minimum?.rawValue,
                ivMode: plan.version == .sec2 ? (plan.ivMode == .counter ? "counter" : "static") : nil))
        case .protocolVersionVerified(let version):
            emit(Events.ProtocolVersionVerified(version: version))
        case .sessionEstablished(let version):
            let now = elapsed
            sessionAt.withLock { $0 = now }
            emit(Events.SessionEstablished(scheme: version.rawValue))
        case .controlDone(let command):
            emit(Events.ControlDone(command: command.rawValue))
        case .customReply(let endpoint, let reply):
            emit(Events.CustomReply(endpoint: endpoint, replyHex: hexString(reply), replyText: String(decoding: reply, as: UTF8.self)))
        case .scanning:
            emit(Events.ScanStarted())
        case .scanned(let accessPoints, let seconds):
            emit(Events.ScanResults(seconds: rounded(seconds), accessPoints: accessPoints.map(Events.AccessPointFields.init)))
        case .credentialsSent(let ssid):
            emit(Events.CredentialsSent(ssid: ssid))
        case .applied:
            emit(Events.ConfigApplied(network: nil))
        case .wifiState(let status, let stateElapsed):
            emit(Events.Status(status, sinceApply: rounded(stateElapsed)))
        case .warning(let message):
            emit(Events.Warning(message: message))
        case .threadScanning:
            emit(Events.ThreadScanStarted())
        case .threadScanned(let networks, let seconds):
            emit(Events.ThreadScanResults(seconds: rounded(seconds), networks: networks.map(Events.ThreadNetworkFields.init)))
        case .datasetSent(let summary):
            emit(Events.DatasetSent(
                channel: Int(summary.channel), panID: Int(summary.panID), panIDHex: summary.panIDHex,
                extPanID: summary.extendedPanIDHex, networkName: summary.networkName, length: summary.length,
                tlvTypes: summary.tlvTypes.map(Int.init)))
        case .threadApplied:
            emit(Events.ConfigApplied(network: "thread"))
        case .threadState(let status, let stateElapsed):
            emit(Events.Status(status, sinceApply: rounded(stateElapsed)))
        case .sessionStarting, .controlSending, .customSending, .credentialsSending, .applying, .provisioned,
             .datasetSending, .threadApplying, .attached, .detail:
            break  // the next event or the result says it
        }
    }

    /// The last line: `ok`, the error code of the README's exit-code table, and timings.
    func finish(outcome: ProvisioningOutcome?, error: ProvError?) {
        var kind: String?
        var connection: ProvisioningEvents.Connection?
        var threadNetwork: ProvisioningEvents.ThreadAttached?
        switch outcome {
        case .provisioned(let joined)?:
            kind = "provisioned"
            connection = joined.jsonFields
        case .attached(let attachment)?:
            kind = "attached"
            threadNetwork = attachment.jsonFields
        case .controlDone(let command)?:
            kind = command.rawValue
        case .sessionEstablished?:
            kind = "session"
        case nil:
            break
        }
        let seconds = ProvisioningEvents.Result.Seconds(total: elapsed, session: sessionAt.withLock { $0 })
        lines.result(error.map { CommandFailure(ExitStatus(for: $0), "\($0)") },
                     ProvisioningEvents.Result(outcome: kind, connection: connection, threadNetwork: threadNetwork, seconds: seconds))
    }

    func emit<Event: JSONEvent>(_ event: Event) { lines.emit(event) }

    func rounded(_ value: Double) -> Double { JSONLines.rounded(value) }
}
