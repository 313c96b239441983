/// What can go wrong talking to an OVSDB server, with the facts a caller needs to explain it.
/// The library knows nothing of flags or exit codes; the CLI maps these.
public enum OVSDBError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The endpoint text is not `unix:PATH` or `tcp:HOST:PORT`.
    case invalidEndpoint(String)
    /// A scheme OVSDB knows but this client does not speak (`ssl:`, `punix:`, `ptcp:`).
    case unsupportedEndpoint(String)
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

    public var description: String {
        switch self {
        case .invalidEndpoint(let text):
            return "'\(text)' is not an OVSDB endpoint: use unix:PATH or tcp:HOST:PORT"
        case .unsupportedEndpoint(let scheme):
            return "'\(scheme):' endpoints are not supported: use unix:PATH or tcp:HOST:PORT"
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
