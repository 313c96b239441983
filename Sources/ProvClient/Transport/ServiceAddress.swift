/// Where an HTTP transport finds the device (the CLI's `--service_name`): `host[:port]`, `[v6-address]:port`, default `192.168.4.1:80`
/// (the ESP SoftAP's address).
public struct ServiceAddress: Sendable, Equatable, CustomStringConvertible {
    /// Where every ESP SoftAP answers (IDF's default AP address, port 80).
    public static let softAPDefault = ServiceAddress(host: "192.168.4.1", port: 80)

    /// Name or address, without brackets for IPv6.
    public let host: String
    /// TCP port, 80 unless given.
    public let port: Int

    /// For callers that already have the parts.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses a service name as esp_prov accepts it; nil or empty means the SoftAP default.
    public init(parsing text: String?) throws {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            self = .softAPDefault
            return
        }
        var host = Substring(text)
        var portText: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else {
                throw ProvError.invalid(.serviceAddress(text, .unclosedIPv6Bracket))
            }
            let rest = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw ProvError.invalid(.serviceAddress(text, .notHostPort)) }
                portText = rest.dropFirst()
            }
        } else if let colon = host.lastIndex(of: ":"), host.firstIndex(of: ":") == colon {
            portText = host[host.index(after: colon)...]
            host = host[..<colon]
        }
        guard !host.isEmpty else { throw ProvError.invalid(.serviceAddress(text, .noHost)) }
        var port = 80
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw ProvError.invalid(.serviceAddress(text, .badPort))
            }
            port = value
        }
        self.host = String(host)
        self.port = port
    }

    /// The `Host` header esp_prov sends: the port only when it is not 80.
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == 80 ? name : "\(name):\(port)"
    }

    /// `host:port`, as messages and `-v` name the target.
    public var description: String { hostHeader.contains(":") ? hostHeader : "\(hostHeader):\(port)" }
}

import Foundation
