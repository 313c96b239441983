import ProvMessages

/// No security: one plaintext round trip on `prov-session`, then requests travel unchanged.
public struct Security0: SecurityScheme {
    /// Sent as `sec_ver` and checked in the reply.
    public let version = SecurityVersion.sec0
    private var sent = false

    /// Nothing to configure: security 0 has no secrets.
    public init() {}

    /// One request, then done once the reply's `sec_ver` is 0.
    public mutating func nextHandshakeRequest(after response: [UInt8]?) throws -> [UInt8]? {
        if let response {
            // esp_prov and the device only check sec_ver here (docs/protocol.md §3.2).
            _ = try decodeSessionReply(response, expecting: .sec0)
            return nil
        }
        guard !sent else { return nil }
        sent = true
        var request = SessionData()
        request.secVer = .secScheme0
        var payload = Sec0Payload()
        payload.msg = .s0SessionCommand
        payload.sc = S0SessionCmd()
        request.sec0 = payload
        return try encode(request)
    }

    /// Identity: security 0 sends plaintext, so the session code needs no special case.
    public mutating func encrypt(_ plaintext: [UInt8]) throws -> [UInt8] { plaintext }
    /// Identity, like `encrypt`.
    public mutating func decrypt(_ ciphertext: [UInt8]) throws -> [UInt8] { ciphertext }
}
