/// `--service_name` for HTTP transports: `host[:port]`, `[v6-address]:port`, default `192.168.4.1:80`
/// (the ESP SoftAP's address).
public struct ServiceAddress: Sendable, Equatable, CustomStringConvertible {
    public static let softAPDefault = ServiceAddress(host: "192.168.4.1", port: 80)

    public let host: String
    public let port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public init(parsing text: String?) throws {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            self = .softAPDefault
            return
        }
        var host = Substring(text)
        var portText: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else {
                throw ProvError.usage("--service_name '\(text)': missing ']' after the IPv6 address")
            }
            let rest = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw ProvError.usage("--service_name '\(text)' is not host[:port]") }
                portText = rest.dropFirst()
            }
        } else if let colon = host.lastIndex(of: ":"), host.firstIndex(of: ":") == colon {
            portText = host[host.index(after: colon)...]
            host = host[..<colon]
        }
        guard !host.isEmpty else { throw ProvError.usage("--service_name '\(text)' has no host") }
        var port = 80
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw ProvError.usage("--service_name '\(text)': port must be a number from 1 to 65535")
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

    public var description: String { hostHeader.contains(":") ? hostHeader : "\(hostHeader):\(port)" }
}

import Foundation
