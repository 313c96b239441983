import Foundation
import ProvClient
import ProvCrypto

/// `--json`: one JSON object per line on stdout for every progress event and a final `result`,
/// so CI rigs parse outcomes instead of scraping text. Field names are stable (README, "JSON output").
/// Thread runs add `warning`, `thread_scan_started`, `thread_scan_results`, `dataset_sent`,
/// `config_applied` (with `"network": "thread"`) and `thread_status`; the `result` of an attach
/// carries `thread_network`. No field ever holds the dataset TLVs or the network key.
/// `@unchecked Sendable`: `sessionAt` is guarded by `lock`.
final class JSONReporter: @unchecked Sendable {
    let lines: JSONLines
    private var sessionAt: Double?
    private let lock = NSLock()

    init(write: @escaping @Sendable (String) -> Void) {
        self.lines = JSONLines(write: write)
    }

    private var elapsed: Double { lines.elapsed }

    func start(transport: String, service: String?) {
        emit("start", ["transport": transport, "service": service ?? NSNull()])
    }

    func report(_ event: ProvEvent) {
        switch event {
        case .deviceInfo(let info):
            emit("device_info", [
                "version": info.version ?? NSNull(), "sec_ver": info.securityVersion ?? NSNull(),
                "sec_patch_ver": info.securityPatchVersion ?? NSNull(), "capabilities": info.capabilities,
                "manager": info.manager.rawValue, "network": info.network.rawValue, "json": info.isJSON,
            ])
        case .securityChosen(let plan):
            var fields: [String: Any] = [
                "scheme": plan.version.rawValue, "reason": plan.reason, "minimum": plan.minimum?.rawValue ?? NSNull(),
            ]
            if plan.version == .sec2 { fields["iv_mode"] = plan.ivMode == .counter ? "counter" : "static" }
            emit("security", fields)
        case .protocolVersionVerified(let version):
            emit("protocol_version_verified", ["version": version])
        case .sessionEstablished(let version):
            lock.withLock { sessionAt = elapsed }
            emit("session_established", ["scheme": version.rawValue])
        case .controlDone(let command):
            emit("control_done", ["command": command.rawValue])
        case .customReply(let endpoint, let reply):
            emit("custom_reply", [
                "endpoint": endpoint, "reply_hex": hexString(reply),
                "reply_text": String(decoding: reply, as: UTF8.self),
            ])
        case .scanning:
            emit("scan_started", [:])
        case .scanned(let accessPoints, let seconds):
            emit("scan_results", ["seconds": rounded(seconds), "access_points": accessPoints.map(Self.fields)])
        case .credentialsSent(let ssid):
            emit("credentials_sent", ["ssid": ssid])
        case .applied:
            emit("config_applied", [:])
        case .wifiState(let status, let stateElapsed):
            emitStatus(status, elapsed: stateElapsed)
        case .warning(let message):
            emit("warning", ["message": message])
        case .threadScanning:
            emit("thread_scan_started", [:])
        case .threadScanned(let networks, let seconds):
            emit("thread_scan_results", ["seconds": rounded(seconds), "networks": networks.map(Self.fields)])
        case .datasetSent(let summary):
            emit("dataset_sent", [
                "channel": Int(summary.channel), "pan_id": Int(summary.panID), "pan_id_hex": summary.panIDHex,
                "ext_pan_id": summary.extendedPanIDHex, "network_name": summary.networkName ?? NSNull(),
                "length": summary.length, "tlv_types": summary.tlvTypes.map(Int.init),
            ])
        case .threadApplied:
            emit("config_applied", ["network": "thread"])
        case .threadState(let status, let stateElapsed):
            emitStatus(status, elapsed: stateElapsed)
        case .sessionStarting, .controlSending, .customSending, .credentialsSending, .applying, .provisioned,
             .datasetSending, .threadApplying, .attached, .detail:
            break  // the next event or the result says it
        }
    }

    /// The last line: `ok`, the error code of the README's exit-code table, and timings.
    func finish(outcome: ProvisioningOutcome?, error: ProvError?) {
        var fields: [String: Any] = [
            "ok": error == nil, "exit_code": Int(error.map { ExitStatus(for: $0).rawValue } ?? 0),
            "error": error.map { ExitStatus(for: $0).name } ?? NSNull(), "message": error.map { "\($0)" } ?? NSNull(),
            "seconds": ["total": elapsed, "session": (lock.withLock { sessionAt }).map { $0 as Any } ?? NSNull()],
        ]
        switch outcome {
        case .provisioned(let connection)?:
            fields["outcome"] = "provisioned"
            fields["connection"] = connection.jsonFields
        case .attached(let attachment)?:
            fields["outcome"] = "attached"
            fields["thread_network"] = attachment.jsonFields
        case .controlDone(let command)?:
            fields["outcome"] = command.rawValue
        case .sessionEstablished?:
            fields["outcome"] = "session"
        case nil:
            break
        }
        emit("result", fields)
    }

    func emit(_ event: String, _ fields: [String: Any]) { lines.emit(event, fields) }

    private static func fields(_ ap: AccessPoint) -> [String: Any] {
        ["ssid": ap.ssid, "bssid": ap.bssidHex, "channel": Int(ap.channel), "rssi": Int(ap.rssi),
         "auth": ap.auth.description, "auth_mode": ap.auth.rawValue]
    }

    private static func fields(_ network: ThreadNetwork) -> [String: Any] {
        ["pan_id": Int(network.panID), "pan_id_hex": network.panIDHex, "ext_pan_id": network.extendedPanIDHex,
         "network_name": network.networkName, "ext_addr": network.extendedAddressHex, "channel": Int(network.channel),
         "rssi": Int(network.rssi), "lqi": Int(network.lqi)]
    }

    /// `wifi_status` / `thread_status`: one status answer and the seconds since the apply.
    private func emitStatus<Joined: ReportedJoin, Failure: ReportedFailure>(
        _ status: NetworkStatus<Joined, Failure>, elapsed: Double
    ) {
        let words = Joined.wording
        var fields: [String: Any]
        switch status {
        case .joining(let attempts):
            fields = ["state": words.jsonJoining]
            if words.reportsAttempts { fields["attempts_remaining"] = attempts.map { Int($0) } ?? NSNull() }
        case .joined(let joined):
            fields = ["state": words.jsonJoined, words.joinedKey: joined.jsonFields]
        case .failed(let failure):
            let reason = failure.reason
            fields = ["state": "failed", "reason": reason.json]
            if let code = reason.code { fields["reason_code"] = code }
        case .disconnected:
            fields = ["state": words.jsonDisconnected]
        }
        fields["since_apply"] = rounded(elapsed)
        emit(words.event, fields)
    }

    func rounded(_ value: Double) -> Double { JSONLines.rounded(value) }
}
