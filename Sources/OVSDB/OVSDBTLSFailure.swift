import NIOSSL

/// Turns what BoringSSL reports into the few TLS failures a user can act on. BoringSSL names its
/// errors by reason (`CERTIFICATE_VERIFY_FAILED`, `TLSV1_ALERT_UNKNOWN_CA`, …) inside the error
/// text; those names are stable across releases, and they are all NIOSSL exposes.
extension OVSDBError {
    /// The decoded failure, or nil when `error` is not a TLS error. `duringHandshake`: whether the
    /// handshake had not completed yet (then a bare end of stream means the peer is not TLS).
    static func tls(_ error: Error, endpoint: String, duringHandshake: Bool) -> OVSDBError? {
        let reasons: [String]
        switch error {
        case NIOSSLError.handshakeFailed(let inner): reasons = Self.reasons(in: "\(inner)")
        case NIOSSLError.uncleanShutdown, NIOSSLError.readInInvalidTLSState:
            guard duringHandshake else { return nil }
            return .tlsHandshakeFailed(endpoint: endpoint, reason: Self.notTLS)
        case let inner as BoringSSLError: reasons = Self.reasons(in: "\(inner)")
        case is NIOSSLError: reasons = ["\(error)"]
        default: return nil
        }
        if reasons.contains("CERTIFICATE_VERIFY_FAILED") {
            return .tlsUntrustedServer(endpoint: endpoint)
        }
        if let alert = reasons.lazy.compactMap({ Self.certificateAlerts[$0] }).first {
            return .tlsRejectedByServer(endpoint: endpoint, alert: alert)
        }
        if reasons.contains(where: Self.notTLSReasons.contains) || "\(error)".contains("EOF during handshake") {
            return .tlsHandshakeFailed(endpoint: endpoint, reason: Self.notTLS)
        }
        return .tlsHandshakeFailed(endpoint: endpoint, reason: reasons.isEmpty ? "\(error)" : reasons.joined(separator: ", "))
    }

    /// What the server's alert says about our certificate, by BoringSSL reason name.
    private static let certificateAlerts: [String: String] = [
        "TLSV1_ALERT_UNKNOWN_CA": "unknown CA",
        "SSLV3_ALERT_BAD_CERTIFICATE": "bad certificate",
        "SSLV3_ALERT_CERTIFICATE_UNKNOWN": "certificate unknown",
        "SSLV3_ALERT_UNSUPPORTED_CERTIFICATE": "unsupported certificate",
        "SSLV3_ALERT_CERTIFICATE_EXPIRED": "certificate expired",
        "SSLV3_ALERT_CERTIFICATE_REVOKED": "certificate revoked",
        "TLSV1_ALERT_CERTIFICATE_REQUIRED": "certificate required",
        "TLSV1_ALERT_ACCESS_DENIED": "access denied",
        "TLSV1_ALERT_DECRYPT_ERROR": "decrypt error (the key does not match the certificate?)",
    ]

    /// Reasons that mean the bytes that came back were not TLS records (a plain ptcp: server answers
    /// a ClientHello with JSON-RPC text or just closes).
    private static let notTLSReasons: Set<String> = [
        "WRONG_VERSION_NUMBER", "PACKET_LENGTH_TOO_LONG", "HTTP_REQUEST", "UNEXPECTED_RECORD", "DECODE_ERROR",
        "RECORD_LENGTH_MISMATCH",
    ]

    static let notTLS = "the server does not speak TLS on that port (a plain ptcp: remote?)"

    /// The reason names in BoringSSL's `error:XXXXXXXX:SSL routines:OPENSSL_internal:REASON` texts:
    /// the upper-case words with an underscore (`SSL` and the hex code have none).
    private static func reasons(in text: String) -> [String] {
        text.split(whereSeparator: { !($0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_")) })
            .filter { $0.count >= 6 && $0.contains("_") && !$0.hasPrefix("_") && !$0.hasSuffix("_") }
            .map(String.init)
    }
}
