/// Where an OVSDB server listens, in OVSDB's own notation (`unix:PATH`, `tcp:HOST:PORT`), so users
/// paste what `ovsdb-client` and OpenSync's configuration already say.
public enum OVSDBEndpoint: Sendable, Equatable, CustomStringConvertible {
    case unix(path: String)
    case tcp(host: String, port: Int)

    /// Parses `unix:PATH`, `tcp:HOST:PORT` and `tcp:[IPv6]:PORT`. `ssl:` is recognised and refused
    /// as unsupported, so the user learns it is a known scheme, not a typo.
    public init(parsing text: String) throws {
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty, !path.contains("\0") else { throw OVSDBError.invalidEndpoint(text) }
            self = .unix(path: path)
            return
        }
        if text.hasPrefix("tcp:") {
            let rest = text.dropFirst(4)
            guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]),
                (1...65535).contains(port)
            else { throw OVSDBError.invalidEndpoint(text) }
            var host = String(rest[..<colon])
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "/" }) else {
                throw OVSDBError.invalidEndpoint(text)
            }
            self = .tcp(host: host, port: port)
            return
        }
        for scheme in ["ssl", "punix", "ptcp", "pssl"] where text.hasPrefix(scheme + ":") {
            throw OVSDBError.unsupportedEndpoint(scheme)
        }
        throw OVSDBError.invalidEndpoint(text)
    }

    public var description: String {
        switch self {
        case .unix(let path): return "unix:\(path)"
        case .tcp(let host, let port): return host.contains(":") ? "tcp:[\(host)]:\(port)" : "tcp:\(host):\(port)"
        }
    }
}
