import Foundation
import ProvClient

/// The Thread events of `--json` (README, "JSON output"): `warning`, `thread_scan_started`,
/// `thread_scan_results`, `dataset_sent`, `config_applied` (with `"network": "thread"`) and
/// `thread_status`; the `result` of an attach carries `thread_network`. No field ever holds the
/// dataset TLVs or the network key.
extension JSONReporter {
    func reportThread(_ event: ProvEvent) {
        switch event {
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
        case .threadState(let status, let elapsed):
            var fields = Self.fields(status)
            fields["since_apply"] = rounded(elapsed)
            emit("thread_status", fields)
        default:
            break
        }
    }

    static func fields(_ network: ThreadNetwork) -> [String: Any] {
        ["pan_id": Int(network.panID), "pan_id_hex": network.panIDHex, "ext_pan_id": network.extendedPanIDHex,
         "network_name": network.networkName, "ext_addr": network.extendedAddressHex, "channel": Int(network.channel),
         "rssi": Int(network.rssi), "lqi": Int(network.lqi)]
    }

    static func fields(_ attachment: ThreadAttachment) -> [String: Any] {
        ["pan_id": Int(attachment.panID), "pan_id_hex": attachment.panIDHex, "ext_pan_id": attachment.extendedPanIDHex,
         "channel": Int(attachment.channel), "network_name": attachment.networkName]
    }

    private static func fields(_ status: ThreadStatus) -> [String: Any] {
        switch status {
        case .attaching:
            return ["state": "attaching"]
        case .attached(let attachment):
            return ["state": "attached", "network": fields(attachment)]
        case .detached:
            return ["state": "detached"]
        case .failed(.datasetInvalid):
            return ["state": "failed", "reason": "dataset_invalid"]
        case .failed(.networkNotFound):
            return ["state": "failed", "reason": "network_not_found"]
        case .failed(.other(let reason)):
            return ["state": "failed", "reason": "other", "reason_code": reason]
        }
    }
}
