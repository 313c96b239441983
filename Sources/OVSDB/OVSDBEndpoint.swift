/// Where an OVSDB server listens, in OVSDB's own notation (`unix:PATH`, `tcp:HOST:PORT`,
/// `ssl:HOST:PORT`), so users paste what `ovsdb-client` and OpenSync's configuration already say.
public enum OVSDBEndpoint: Sendable, Equatable, CustomStringConvertible {
    /// A local socket file, ovsdb-server's `punix:` remote (OpenSync's default).
    case unix(path: String)
    /// Plain TCP, ovsdb-server's `ptcp:` remote: no authentication, no encryption.
    case tcp(host: String, port: Int)
    /// TLS, ovsdb-server's `pssl:` remote: mutual certificate authentication (`OVSDBTLSCredentials`).
    case ssl(host: String, port: Int)

    /// Parses `unix:PATH`, `tcp:HOST:PORT`, `ssl:HOST:PORT` (and `[IPv6]` hosts). The passive schemes
    /// are recognised and refused as unsupported, so the user learns it is a known scheme (of the
    /// server's side), not a typo.
    public init(parsing text: String) throws {
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty, !path.contains("\0") else { throw OVSDBError.invalidEndpoint(text) }
            self = .unix(path: path)
            return
        }
        for scheme in ["tcp", "ssl"] where text.hasPrefix(scheme + ":") {
            let (host, port) = try Self.hostAndPort(text.dropFirst(scheme.count + 1), in: text)
            self = scheme == "tcp" ? .tcp(host: host, port: port) : .ssl(host: host, port: port)
            return
        }
        for scheme in ["punix", "ptcp", "pssl"] where text.hasPrefix(scheme + ":") {
            throw OVSDBError.unsupportedEndpoint(scheme)
        }
        throw OVSDBError.invalidEndpoint(text)
    }

    /// True for `ssl:`, the one scheme that needs certificates.
    public var usesTLS: Bool {
        if case .ssl = self { return true }
        return false
    }

    /// The endpoint in OVSDB notation again (IPv6 hosts bracketed), as messages quote it.
    public var description: String {
        switch self {
        case .unix(let path): return "unix:\(path)"
        case .tcp(let host, let port): return Self.format("tcp", host, port)
        case .ssl(let host, let port): return Self.format("ssl", host, port)
        }
    }

    /// `HOST:PORT` or `[IPv6]:PORT`, the part `tcp:` and `ssl:` share.
    private static func hostAndPort(_ rest: Substring, in text: String) throws -> (String, Int) {
        guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]),
            (1...65535).contains(port)
        else { throw OVSDBError.invalidEndpoint(text) }
        var host = String(rest[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            throw OVSDBError.invalidEndpoint(text)
        }
        return (host, port)
    }

    private static func format(_ scheme: String, _ host: String, _ port: Int) -> String {
        host.contains(":") ? "\(scheme):[\(host)]:\(port)" : "\(scheme):\(host):\(port)"
    }
}
