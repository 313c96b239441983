/// protocomm_httpd's session binding (IDF ≥ v4.3, PROTOCOL.md §4.1): which security session an HTTP
/// request belongs to, from its `Cookie` header and the socket it arrived on. Pure state, no I/O.
///
/// Rules, applied to every POST:
/// 1. A `Cookie` value longer than 20 characters does not fit protocomm's 20-byte buffer and is treated
///    as absent (rule 2). A value of exactly 20 characters is truncated and never matches. Otherwise the
///    request is in the current session iff the whole value equals `session=<id>` (`%u`); on a match the
///    socket binding is dropped (from then on only the cookie identifies the session).
/// 2. Without a cookie, the request is in the current session iff it arrived on the socket that created it.
/// 3. Otherwise a new session starts: the old one is closed, a new random id is drawn, and this socket
///    becomes the session's socket. Only the response to this request carries `Set-Cookie`.
/// 4. When the socket that created the session closes, the socket binding is dropped; the cookie stays valid.
struct CookieSessionBinding: Sendable {
    /// Identifies one TCP connection for the lifetime of the server (never reused).
    typealias ConnectionID = Int

    /// protocomm's `char cookie_buf[20]`.
    static let cookieBufferSize = 20

    /// The outcome for one request.
    struct Binding: Equatable, Sendable {
        /// The security session the request is processed in.
        var sessionID: UInt32
        /// Whether this request created the session (so its response carries `Set-Cookie`).
        var created: Bool
        /// The session this request replaced, to be closed first.
        var replaced: UInt32?
    }

    private(set) var cookieSessionID: UInt32?
    private(set) var sockSessionID: ConnectionID?

    mutating func bind(cookie: String?, connection: ConnectionID, newSessionID: () -> UInt32) -> Binding {
        if let current = cookieSessionID, isSameSession(cookie: cookie, connection: connection, current: current) {
            return Binding(sessionID: current, created: false, replaced: nil)
        }
        let replaced = cookieSessionID
        let id = newSessionID()
        cookieSessionID = id
        sockSessionID = connection
        return Binding(sessionID: id, created: true, replaced: replaced)
    }

    private mutating func isSameSession(cookie: String?, connection: ConnectionID, current: UInt32) -> Bool {
        if let cookie, cookie.utf8.count <= Self.cookieBufferSize {
            guard cookie.utf8.count < Self.cookieBufferSize, cookie == "session=\(current)" else { return false }
            sockSessionID = nil
            return true
        }
        return sockSessionID == connection
    }

    /// A socket closed; if it created the session, the session is now reachable by cookie only.
    mutating func connectionClosed(_ connection: ConnectionID) {
        if sockSessionID == connection { sockSessionID = nil }
    }
}
