import ArgumentParser
import OptionValues
import ProvDevice

/// `--fault_*` flags: make the device misbehave on purpose, to test that a client fails cleanly
/// (right exit code, clear message, no hang). A device started with none is a stock board.
struct FaultOptions: ParsableArguments {
    @Option(name: .customLong("fault_drop_after"), help: "Answer N requests, then close the link instead of answering any other \(BoundedInteger<RequestCount>.rangeText).")
    var dropAfter: BoundedInteger<RequestCount>?

    @Option(name: .customLong("fault_delay"), help: "Seconds to hold every reply (or --fault_delay_endpoint's) before sending it \(Seconds<Delay>.rangeText).")
    var delay: Seconds<Delay>?

    @Option(name: .customLong("fault_delay_endpoint"), help: "Only delay replies of this endpoint.")
    var delayEndpoint: String?

    @Option(name: .customLong("fault_reply"),
            help: "KIND:ENDPOINT[:N]: damage the replies of ENDPOINT (only the N-th with :N). KIND: garbage, truncated, oversized, empty.")
    var reply: String?

    @Option(name: .customLong("fault_proto_ver"), help: "proto-ver answer: not_json (an HTML page) or no_prov (JSON without prov).")
    var protoVersion: String?

    @Option(name: .customLong("fault_handshake"),
            help: "Lie in the handshake: srp_b_zero (sec2 B = N), wrong_m2 (sec2), wrong_token (sec1 device verify data), sec1_zero_key (sec1 all-zero public key), wrong_sec_ver.")
    var handshake: String?

    @Option(name: .customLong("fault_scan_extra"), help: "ScanStatus claims N more results than the device holds \(BoundedInteger<RequestCount>.rangeText).")
    var scanExtra = BoundedInteger<RequestCount>(0)

    @Flag(name: .customLong("fault_stuck_connecting"), help: "GetStatus reports 'connecting' forever.")
    var stuckConnecting = false

    /// What `--fault_drop_after` and `--fault_scan_extra` take.
    enum RequestCount: IntegerRange {
        static let range = 0...1_000
    }

    func faults() throws -> DeviceFaults {
        var faults = DeviceFaults(dropAfterRequests: dropAfter?.value, extraScanResults: UInt32(scanExtra.value), stuckConnecting: stuckConnecting)
        if let delay { faults.responseDelay = delay.duration }
        faults.delayedEndpoint = delayEndpoint
        if let reply { faults.damagedReply = try Self.damagedReply(reply) }
        if let protoVersion {
            guard let fault = DeviceFaults.ProtoVersionFault(rawValue: protoVersion) else {
                throw ValidationError("--fault_proto_ver must be one of: \(DeviceFaults.ProtoVersionFault.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            faults.protoVersion = fault
        }
        if let handshake {
            guard let fault = DeviceFaults.HandshakeFault(rawValue: handshake) else {
                throw ValidationError("--fault_handshake must be one of: \(DeviceFaults.HandshakeFault.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            faults.handshake = fault
        }
        return faults
    }

    private static func damagedReply(_ text: String) throws -> DeviceFaults.DamagedReply {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count), let corruption = DeviceFaults.Corruption(rawValue: parts[0]), !parts[1].isEmpty else {
            throw ValidationError("--fault_reply must be KIND:ENDPOINT[:N] with KIND one of: "
                + DeviceFaults.Corruption.allCases.map(\.rawValue).joined(separator: ", "))
        }
        var occurrence: Int?
        if parts.count == 3 {
            guard let n = Int(parts[2]), n >= 1 else { throw ValidationError("--fault_reply: N must be a number from 1") }
            occurrence = n
        }
        return DeviceFaults.DamagedReply(endpoint: parts[1], corruption: corruption, occurrence: occurrence)
    }
}
