import Foundation
import ProvClient
import ProvCrypto

/// `--json`: one JSON object per line on stdout for every progress event and a final `result`,
/// so CI rigs parse outcomes instead of scraping text. Field names are stable (README, "JSON output").
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
            var fields: [String: Any] = ["scheme": plan.version.rawValue, "reason": plan.reason]
            if plan.version == .sec2 { fields["iv_mode"] = plan.ivMode == .counter ? "counter" : "static" }
            emit("security", fields)
        case .protocolVersionVerified(let version):
            emit("protocol_version_verified", ["version": version])
        case .sessionStarting, .customSending:
            break
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
        case .credentialsSending:
            break
        case .credentialsSent(let ssid):
            emit("credentials_sent", ["ssid": ssid])
        case .applying:
            break
        case .applied:
            emit("config_applied", [:])
        case .wifiState(let status, let stateElapsed):
            var fields = Self.fields(status)
            fields["since_apply"] = rounded(stateElapsed)
            emit("wifi_status", fields)
        case .provisioned:
            break
        case .detail:
            break
        case .controlSending, .warning, .threadScanning, .threadScanned, .datasetSending, .datasetSent, .threadApplying,
             .threadApplied, .threadState, .attached:
            reportThread(event)
        }
    }

    /// The last line: `ok`, the error code of the README's exit-code table, and timings.
    func finish(outcome: ProvisioningOutcome?, error: ProvError?) {
        var fields: [String: Any] = [
            "ok": error == nil, "exit_code": Int(error?.exitCode ?? 0),
            "error": error?.code ?? NSNull(), "message": error.map { "\($0)" } ?? NSNull(),
            "seconds": ["total": elapsed, "session": (lock.withLock { sessionAt }).map { $0 as Any } ?? NSNull()],
        ]
        switch outcome {
        case .provisioned(let connection)?:
            fields["outcome"] = "provisioned"
            fields["connection"] = Self.fields(connection)
        case .attached(let attachment)?:
            fields["outcome"] = "attached"
            fields["thread_network"] = Self.fields(attachment)
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

    private static func fields(_ connection: WiFiConnection) -> [String: Any] {
        ["ip": connection.ipAddress, "ssid": connection.ssid, "bssid": hexString(connection.bssid),
         "channel": Int(connection.channel), "auth": connection.auth.description]
    }

    private static func fields(_ status: WiFiStatus) -> [String: Any] {
        switch status {
        case .connecting(let attempts):
            return ["state": "connecting", "attempts_remaining": attempts.map { Int($0) } ?? NSNull()]
        case .connected(let connection):
            return ["state": "connected", "connection": fields(connection)]
        case .failed(.wrongPassword):
            return ["state": "failed", "reason": "auth_error"]
        case .failed(.networkNotFound):
            return ["state": "failed", "reason": "network_not_found"]
        case .failed(.other(let reason)):
            return ["state": "failed", "reason": "other", "reason_code": reason]
        case .disconnected:
            return ["state": "disconnected"]
        }
    }

    func rounded(_ value: Double) -> Double { JSONLines.rounded(value) }
}
