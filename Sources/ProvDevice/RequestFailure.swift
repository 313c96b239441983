/// Why protocomm refused a request. Never sent on the wire (a failed request has no response at all,
/// docs/protocol.md §3.1, §6.2); reported through `DeviceEvent.requestFailed` for tests and logs. Carries no secrets.
public enum RequestFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// No such endpoint (`protocomm_req_handle` → ESP_ERR_NOT_FOUND).
    case unknownEndpoint
    /// The provisioning service has stopped; its endpoints are gone.
    case serviceStopped
    /// The request's transport session is not the security scheme's current session.
    case invalidSession
    /// The bytes are not a valid protobuf of the expected message.
    case malformedMessage
    /// `SessionData.sec_ver` differs from the device's scheme ("Security version mismatch").
    case securityVersionMismatch
    /// The `SessionData.proto` oneof is not the device's scheme ("Security scheme mismatch").
    case securitySchemeMismatch
    /// A `msg` value the handler does not know.
    case unknownMessageType
    /// A handshake step out of order (Command1 before Command0).
    case invalidState
    /// Missing handshake payload, wrong key/proof length, or a rejected SRP public key
    /// (event `PROTOCOMM_SECURITY_SESSION_INVALID_SECURITY_PARAMS`).
    case invalidSecurityParameters
    /// Wrong PoP (sec1) or wrong username/password (sec2) (event `…_CREDENTIALS_MISMATCH`).
    case credentialsMismatch
    /// An encrypted endpoint was used before the handshake finished ("Secure session not established").
    case sessionNotEstablished
    /// AES-GCM tag mismatch or exhausted nonce counter.
    case decryptionFailed
    /// Sealing the response failed (e.g. the GCM nonce counter is exhausted), so nothing is sent.
    case encryptionFailed
    /// A mandatory oneof payload is missing or of the wrong case (SetConfig, ScanStart, ScanResult).
    case missingPayload
    /// ScanResult with `start_index ≥ MAX` or `count > MAX − start_index` (IDF v5.5.5+, docs/protocol.md §6.3).
    case scanResultOutOfBounds
    /// A `DeviceFaults` setting made the device fail the request (e.g. drop the link after N requests).
    case injectedFault

    /// One phrase per cause, as the device's log would put it.
    public var description: String {
        switch self {
        case .unknownEndpoint: return "unknown endpoint"
        case .serviceStopped: return "provisioning service stopped"
        case .invalidSession: return "invalid session id"
        case .malformedMessage: return "undecodable message"
        case .securityVersionMismatch: return "security version mismatch"
        case .securitySchemeMismatch: return "security scheme mismatch"
        case .unknownMessageType: return "unknown message type"
        case .invalidState: return "handshake message out of order"
        case .invalidSecurityParameters: return "invalid security parameters"
        case .credentialsMismatch: return "credentials mismatch"
        case .sessionNotEstablished: return "secure session not established"
        case .decryptionFailed: return "decryption failed"
        case .encryptionFailed: return "encryption failed"
        case .missingPayload: return "missing or wrong payload"
        case .scanResultOutOfBounds: return "scan result index out of bounds"
        case .injectedFault: return "injected fault"
        }
    }
}
