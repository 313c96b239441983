/// What can go wrong talking to an OVSDB server, with the facts a caller needs to explain it.
/// The library knows nothing of flags or exit codes; the CLI maps these.
public enum OVSDBError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The endpoint text is not `unix:PATH`, `tcp:HOST:PORT` or `ssl:HOST:PORT`.
    case invalidEndpoint(String)
    /// A scheme OVSDB knows but a client cannot connect to (the server-side `punix:`, `ptcp:`, `pssl:`).
    case unsupportedEndpoint(String)
    /// An `ssl:` endpoint was given no certificates (or a `unix:`/`tcp:` one was given some).
    case tlsCredentialsMismatch(endpoint: String)
    /// The server's certificate chain does not lead to the CA certificate given: a different CA
    /// signed it, or it is self-signed. Not a host name problem: OVS does not check host names.
    case tlsUntrustedServer(endpoint: String)
    /// The server refused our certificate with a TLS alert (named): its CA did not sign ours.
    case tlsRejectedByServer(endpoint: String, alert: String)
    /// The TLS handshake failed otherwise; `reason` says how (e.g. the port is not TLS at all).
    case tlsHandshakeFailed(endpoint: String, reason: String)
    /// The connection was made but no TLS handshake completed before the deadline.
    case tlsHandshakeTimeout(endpoint: String, after: Duration)
    /// Nothing listens there (no socket file, connection refused, host unreachable, connect timed out).
    case unreachable(endpoint: String, reason: String)
    /// The socket exists but this user may not open it (EACCES).
    case permissionDenied(endpoint: String)
    /// The server sent no reply (or update) before the deadline.
    case timeout(waitingFor: String, after: Duration)
    /// The server closed the connection while a reply was awaited.
    case closed(waitingFor: String)
    /// The server sent bytes that are not a JSON-RPC message of the expected shape.
    case malformed(String)
    /// One message grew beyond the client's limit without ending.
    case oversized(limit: Int)
    /// The server answered a request with a JSON-RPC error.
    case rpcError(method: String, error: String)
    /// A transaction was rejected: the index of the failing operation, OVSDB's error and details.
    case transactionFailed(operation: Int, error: String, details: String)

    /// One line saying what went wrong and, where it can, what to do about it.
    public var description: String {
        switch self {
        case .invalidEndpoint(let text):
            return "'\(text)' is not an OVSDB endpoint: use unix:PATH, tcp:HOST:PORT or ssl:HOST:PORT"
        case .unsupportedEndpoint(let scheme):
            return "'\(scheme):' is a server-side (listening) scheme: connect with unix:PATH, tcp:HOST:PORT or ssl:HOST:PORT"
        case .tlsCredentialsMismatch(let endpoint):
            return endpoint.hasPrefix("ssl:")
                ? "\(endpoint) needs a certificate, its private key and a CA certificate"
                : "\(endpoint) is not TLS: certificates are only for ssl: endpoints"
        case .tlsUntrustedServer(let endpoint):
            return "the server at \(endpoint) presented a certificate not signed by the CA certificate given: "
                + "give the CA that issued the server's certificate (OVS does not check host names, only the CA)"
        case .tlsRejectedByServer(let endpoint, let alert):
            return "the server at \(endpoint) rejected our certificate (TLS alert: \(alert)): "
                + "use a certificate issued by the CA in the server's --ca-cert, with its own private key"
        case .tlsHandshakeFailed(let endpoint, let reason):
            return "no TLS session with \(endpoint): \(reason)"
        case .tlsHandshakeTimeout(let endpoint, let after):
            return "no TLS handshake with \(endpoint) within \(after): is it ovsdb-server's pssl: port, not ptcp:?"
        case .unreachable(let endpoint, let reason):
            return "no OVSDB server at \(endpoint) (\(reason)): is ovsdb-server running there?"
        case .permissionDenied(let endpoint):
            return "permission denied opening \(endpoint): run as root or as the socket's owner"
        case .timeout(let waitingFor, let after):
            return "the OVSDB server did not answer \(waitingFor) within \(after)"
        case .closed(let waitingFor):
            return "the OVSDB server closed the connection while waiting for \(waitingFor)"
        case .malformed(let what):
            return "the OVSDB server sent a malformed message: \(what)"
        case .oversized(let limit):
            return "the OVSDB server sent a message larger than \(limit) bytes"
        case .rpcError(let method, let error):
            return "the OVSDB server refused '\(method)': \(error)"
        case .transactionFailed(let operation, let error, let details):
            return "the OVSDB transaction failed at operation \(operation): \(error)" + (details.isEmpty ? "" : " (\(details))")
        }
    }
}
