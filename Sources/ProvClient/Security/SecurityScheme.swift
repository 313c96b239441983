/// The three protocomm security schemes.
public enum SecurityVersion: Int, Sendable, CustomStringConvertible, CaseIterable {
    case sec0 = 0
    case sec1 = 1
    case sec2 = 2

    public var description: String { "security \(rawValue)" }
}

/// A client-side security scheme as a "next request" state machine: the session feeds it each
/// handshake reply and sends what it returns, until it returns nil (established). Afterwards it
/// protects every request and response on the other endpoints.
public protocol SecurityScheme: Sendable {
    var version: SecurityVersion { get }

    /// The next `prov-session` request, given the device's reply to the previous one
    /// (nil for the first call). Returns nil once the session is established.
    mutating func nextHandshakeRequest(after response: [UInt8]?) throws -> [UInt8]?

    mutating func encrypt(_ plaintext: [UInt8]) throws -> [UInt8]
    mutating func decrypt(_ ciphertext: [UInt8]) throws -> [UInt8]

    /// Verbose details safe to print (modes, lengths; never keys or secrets).
    var details: [String] { get }
}

extension SecurityScheme {
    public var details: [String] { [] }
}
