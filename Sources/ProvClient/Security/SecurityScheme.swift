/// The three protocomm security schemes.
public enum SecurityVersion: Int, Sendable, CustomStringConvertible, CaseIterable {
    /// No security (esp_prov's security version 0).
    case sec0 = 0
    /// X25519 + PoP + AES-CTR.
    case sec1 = 1
    /// SRP-6a + AES-GCM.
    case sec2 = 2

    /// `security N`, as messages and esp_prov's banner name it.
    public var description: String { "security \(rawValue)" }
}

/// A client-side security scheme as a "next request" state machine: the session feeds it each
/// handshake reply and sends what it returns, until it returns nil (established). Afterwards it
/// protects every request and response on the other endpoints.
public protocol SecurityScheme: Sendable {
    /// Which scheme this is, so the session can check `sec_ver` of replies and report it.
    var version: SecurityVersion { get }

    /// The next `prov-session` request, given the device's reply to the previous one
    /// (nil for the first call). Returns nil once the session is established.
    mutating func nextHandshakeRequest(after response: [UInt8]?) throws -> [UInt8]?

    /// Protects one request to a REQ endpoint; called exactly once per request, in order.
    mutating func encrypt(_ plaintext: [UInt8]) throws -> [UInt8]
    /// Opens one response; called exactly once per response, in order.
    mutating func decrypt(_ ciphertext: [UInt8]) throws -> [UInt8]

    /// Verbose details safe to print (modes, lengths; never keys or secrets).
    var details: [String] { get }
}

extension SecurityScheme {
    /// Most schemes have nothing worth printing.
    public var details: [String] { [] }
}
