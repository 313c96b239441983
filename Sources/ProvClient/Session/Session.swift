/// An established secure session with one device: every request after the handshake goes
/// through here, so encryption state advances exactly once per message, in order.
public actor Session {
    /// What `proto-ver` said, kept so operations can check capabilities.
    public let info: DeviceInfo
    /// The scheme in use, for reports.
    public let security: SecurityVersion
    private let transport: any ProvTransport
    private var scheme: any SecurityScheme

    /// Runs the handshake of `scheme` on `prov-session`.
    ///
    /// A device signals a failed handshake by dropping the link (HTTP) or with an ATT error (BLE);
    /// that is turned into an authentication error naming the likely cause. When the device
    /// rejects the proof and `fallback` is given, the handshake is run once more with it (sec2
    /// verifiers made by esp_prov need another x derivation, docs/protocol.md §8.6).
    public static func establish(
        over transport: any ProvTransport, info: DeviceInfo, scheme: any SecurityScheme,
        fallback: (any SecurityScheme)? = nil, log: @Sendable (String) -> Void = { _ in }
    ) async throws -> Session {
        do {
            let established = try await handshake(scheme, over: transport, info: info, log: log)
            return Session(info: info, transport: transport, scheme: established)
        } catch HandshakeFailure.proofRejected(let version) {
            guard let fallback else { throw proofRejected(version) }
            log("device rejected the proof; retrying once with esp_prov's x derivation (H(I:p) starts with 0x00)")
            do {
                let established = try await handshake(fallback, over: transport, info: info, log: log)
                return Session(info: info, transport: transport, scheme: established)
            } catch HandshakeFailure.proofRejected(let version) {
                throw proofRejected(version)
            }
        }
    }

    private enum HandshakeFailure: Error { case proofRejected(SecurityVersion) }

    private static func handshake(
        _ scheme: any SecurityScheme, over transport: any ProvTransport, info: DeviceInfo, log: @Sendable (String) -> Void
    ) async throws -> any SecurityScheme {
        var scheme = scheme
        var reply: [UInt8]?
        var step = 0
        while let request = try scheme.nextHandshakeRequest(after: reply) {
            step += 1
            log("handshake step \(step): sending \(request.count) bytes to prov-session")
            do {
                reply = try await transport.exchange("prov-session", request)
            } catch ProvError.closedWithoutResponse {
                if step >= 2 { throw HandshakeFailure.proofRejected(scheme.version) }
                if info.securityVersion == scheme.version.rawValue {
                    // The device announced this very scheme: not a mismatch, so do not send the user after --sec_ver.
                    throw ProvError.authentication(AuthenticationFailure(.closedAtStart(scheme.version, announced: true)))
                }
                throw ProvError.authentication(AuthenticationFailure(.closedAtStart(scheme.version, announced: false)))
            }
            log("handshake step \(step): received \(reply?.count ?? 0) bytes")
        }
        for line in scheme.details { log(line) }
        return scheme
    }

    private static func proofRejected(_ version: SecurityVersion) -> ProvError {
        .authentication(AuthenticationFailure(.closedAfterProof(version)))
    }

    private init(info: DeviceInfo, transport: any ProvTransport, scheme: any SecurityScheme) {
        self.info = info
        self.security = scheme.version
        self.transport = transport
        self.scheme = scheme
    }

    /// Encrypts `plaintext`, sends it to `endpoint`, and returns the decrypted reply.
    public func send(_ endpoint: String, _ plaintext: [UInt8]) async throws -> [UInt8] {
        let request = try scheme.encrypt(plaintext)
        let response = try await transport.exchange(endpoint, request)
        return try scheme.decrypt(response)
    }
}
