import ProvMessages
import SRP6a
import struct Foundation.Data

/// Ways a broken or hostile device misbehaves, so tests can prove a client survives each one: it
/// must fail with the right error, within its deadlines, and never report success.
///
/// A stock device has none (`DeviceFaults()`). Faults act at three depths, each through one small
/// hook in the device: on the bytes a transport carries (`deliver`, `drops`), on the handshake
/// reply (`handshakeReply`), and on the manager (`scanResponse`, `stuckConnecting`). The rest of
/// the emulation stays strict, and every transport (HTTP, fake BlueZ) gets the same faults.
public struct DeviceFaults: Sendable, Equatable {
    /// How a reply is damaged on the wire (after encryption, as a bad radio or a buggy firmware would).
    public enum Corruption: String, Sendable, CaseIterable {
        /// Same length, every byte 0xFF: never a valid protobuf, never a valid GCM tag.
        case garbage
        /// The first half of the real reply.
        case truncated
        /// 1 MiB, far more than any device sends (clients must stop reading, not buffer it all).
        case oversized
        /// A successful response with no body at all.
        case empty
    }

    /// Which replies to damage: every reply of `endpoint`, or only its `occurrence`-th (1-based).
    public struct DamagedReply: Sendable, Equatable {
        public var endpoint: String
        public var corruption: Corruption
        public var occurrence: Int?

        public init(endpoint: String, corruption: Corruption, occurrence: Int? = nil) {
            self.endpoint = endpoint
            self.corruption = corruption
            self.occurrence = occurrence
        }
    }

    /// A `proto-ver` answer no provisioning manager produces.
    public enum ProtoVersionFault: String, Sendable, CaseIterable {
        /// An HTML page, as when a captive portal or another web server answers instead of the device.
        case notJSON = "not_json"
        /// JSON without the `prov` object the manager always publishes.
        case withoutProv = "no_prov"
    }

    /// A handshake reply that a genuine device holding the right secrets never sends.
    public enum HandshakeFault: String, Sendable, CaseIterable {
        /// Security 2: B = N, i.e. B ≡ 0 mod N, which would let the device fix the session key.
        case srpPublicKeyZero = "srp_b_zero"
        /// Security 2: a wrong M2, as from a device that does not hold the verifier.
        case wrongDeviceProof = "wrong_m2"
        /// Security 1: a wrong `device_verify_data`, as from a device that does not know the PoP.
        case wrongVerifyToken = "wrong_token"
        /// Security 1: an all-zero X25519 public key (a low-order point: the shared secret is zero).
        case zeroPublicKey = "sec1_zero_key"
        /// Any scheme: `SessionData.sec_ver` of another scheme in every handshake reply.
        case wrongSecurityVersion = "wrong_sec_ver"
    }

    /// Close the link without answering every request after the first `dropAfterRequests` ones.
    public var dropAfterRequests: Int?
    /// Hold every reply (or only `delayedEndpoint`'s) this long before sending it.
    public var responseDelay: Duration
    public var delayedEndpoint: String?
    public var damagedReply: DamagedReply?
    public var protoVersion: ProtoVersionFault?
    public var handshake: HandshakeFault?
    /// ScanStatus claims this many more results than the device holds.
    public var extraScanResults: UInt32
    /// The connection attempt (or Thread attach) never ends: GetStatus reports "connecting" forever.
    public var stuckConnecting: Bool

    public init(
        dropAfterRequests: Int? = nil, responseDelay: Duration = .zero, delayedEndpoint: String? = nil,
        damagedReply: DamagedReply? = nil, protoVersion: ProtoVersionFault? = nil, handshake: HandshakeFault? = nil,
        extraScanResults: UInt32 = 0, stuckConnecting: Bool = false
    ) {
        self.dropAfterRequests = dropAfterRequests
        self.responseDelay = responseDelay
        self.delayedEndpoint = delayedEndpoint
        self.damagedReply = damagedReply
        self.protoVersion = protoVersion
        self.handshake = handshake
        self.extraScanResults = extraScanResults
        self.stuckConnecting = stuckConnecting
    }

    /// Whether any fault is active (a summary line says so, so nobody mistakes a faulty device for a stock one).
    public var isActive: Bool { self != DeviceFaults() }

    /// Rejects faults that cannot happen with this security scheme, so a test cannot silently test nothing.
    func validate(security: DeviceConfiguration.Security) throws {
        if let dropAfterRequests, dropAfterRequests < 0 { throw DeviceConfigurationError.invalidValue("drop-after count must be ≥ 0") }
        if let occurrence = damagedReply?.occurrence, occurrence < 1 {
            throw DeviceConfigurationError.invalidValue("the damaged reply's occurrence counts from 1")
        }
        switch (handshake, security) {
        case (.srpPublicKeyZero?, .sec2), (.wrongDeviceProof?, .sec2), (.wrongVerifyToken?, .sec1), (.zeroPublicKey?, .sec1),
             (.wrongSecurityVersion?, _), (nil, _):
            break
        case (let fault?, _):
            let needs = fault == .wrongVerifyToken || fault == .zeroPublicKey ? 1 : 2
            throw DeviceConfigurationError.invalidValue("handshake fault \(fault.rawValue) needs security \(needs)")
        }
    }

    // MARK: Hooks

    /// Whether the `number`-th request (1-based, all endpoints) gets no answer at all.
    func drops(requestNumber number: Int) -> Bool {
        guard let dropAfterRequests else { return false }
        return number > dropAfterRequests
    }

    /// The reply as it leaves the device: delayed and damaged as configured.
    func deliver(_ reply: [UInt8], endpoint: String, occurrence: Int) async -> [UInt8] {
        if responseDelay > .zero, delayedEndpoint == nil || delayedEndpoint == endpoint {
            try? await Task.sleep(for: responseDelay)
        }
        guard let damage = damagedReply, damage.endpoint == endpoint,
              damage.occurrence == nil || damage.occurrence == occurrence
        else { return reply }
        switch damage.corruption {
        case .garbage: return [UInt8](repeating: 0xFF, count: max(reply.count, 16))
        case .truncated: return Array(reply.prefix(reply.count / 2))
        case .oversized: return [UInt8](repeating: 0x5A, count: 1 << 20)
        case .empty: return []
        }
    }

    /// The `proto-ver` answer instead of `genuine`.
    func protoVersionReply(_ genuine: [UInt8]) -> [UInt8] {
        switch protoVersion {
        case nil:
            return genuine
        case .notJSON?:
            return Array("<html><head><title>Sign in</title></head><body>Accept the terms to continue</body></html>".utf8)
        case .withoutProv?:
            return Array("{\n\t\"app\":\t{\n\t\t\"ver\":\t\"1.0\",\n\t\t\"cap\":\t[]\n\t}\n}".utf8)
        }
    }

    /// A handshake reply with the configured lie in it (re-encoded; the device's own state is untouched).
    func handshakeReply(_ genuine: [UInt8]) -> [UInt8] {
        guard let handshake, var reply = try? SessionData(serializedBytes: genuine) else { return genuine }
        switch handshake {
        case .wrongSecurityVersion:
            reply.secVer = SecSchemeVersion(rawValue: (reply.secVer.rawValue + 1) % 3) ?? .secScheme0
        case .srpPublicKeyZero:
            guard case .sec2(var payload)? = reply.proto, case .sr0(var response)? = payload.payload else { return genuine }
            response.devicePubkey = Data(SRPGroupParameters.prime)
            payload.sr0 = response
            reply.sec2 = payload
        case .wrongDeviceProof:
            guard case .sec2(var payload)? = reply.proto, case .sr1(var response)? = payload.payload else { return genuine }
            response.deviceProof = Data(response.deviceProof.map { $0 ^ 0x01 })
            payload.sr1 = response
            reply.sec2 = payload
        case .wrongVerifyToken:
            guard case .sec1(var payload)? = reply.proto, case .sr1(var response)? = payload.payload else { return genuine }
            response.deviceVerifyData = Data(response.deviceVerifyData.map { $0 ^ 0x01 })
            payload.sr1 = response
            reply.sec1 = payload
        case .zeroPublicKey:
            guard case .sec1(var payload)? = reply.proto, case .sr0(var response)? = payload.payload else { return genuine }
            response.devicePubkey = Data(count: 32)
            payload.sr0 = response
            reply.sec1 = payload
        }
        return encoded(reply)
    }

    /// The scan answer with an inflated result count.
    func scanResponse(_ genuine: ScanResponse) -> ScanResponse {
        guard extraScanResults > 0 else { return genuine }
        switch genuine {
        case .wifiStatus(let status, let finished, let count):
            return .wifiStatus(status, finished: finished, count: count + extraScanResults)
        case .threadStatus(let status, let finished, let count):
            return .threadStatus(status, finished: finished, count: count + extraScanResults)
        default:
            return genuine
        }
    }
}
