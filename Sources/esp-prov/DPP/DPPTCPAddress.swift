import ArgumentParser
import DPP
import Foundation
import ProvClient
import ProvSupport

/// `--tcp HOST[:PORT]` → the daemon's `tcp_addr=` (an IP address: names are resolved here, since
/// the daemons take only literals) and `tcp_port=` (default 8908). `[v6]:port` for IPv6.
enum DPPTCPAddress {
    /// - Parameter resolveWithin: the bound on looking up a host name (an IP literal needs none).
    static func path(tcp: String?, freq: Int?, resolveWithin: Duration) throws -> DPPPath {
        guard let tcp else { return .air(negotiationFrequency: freq) }
        var host = tcp
        var port = DPPPath.defaultTCPPort
        if tcp.hasPrefix("["), let close = tcp.firstIndex(of: "]") {
            host = String(tcp[tcp.index(after: tcp.startIndex)..<close])
            let rest = tcp[tcp.index(after: close)...]
            if rest.hasPrefix(":") { port = try parsePort(rest.dropFirst()) }
        } else if tcp.filter({ $0 == ":" }).count == 1, let colon = tcp.firstIndex(of: ":") {
            host = String(tcp[..<colon])
            port = try parsePort(tcp[tcp.index(after: colon)...])
        }
        guard !host.isEmpty else { throw CommandFailure(.usage, "--tcp \(tcp): no host") }
        return .tcp(address: try resolve(host, within: resolveWithin), port: port, negotiationFrequency: freq)
    }

    private static func parsePort(_ text: Substring) throws -> Int {
        guard let port = Int(text), (1...65535).contains(port) else { throw CommandFailure(.usage, "--tcp: port must be 1–65535") }
        return port
    }

    /// An IP literal as is; otherwise the name's first address, waited for at most `within`: glibc's
    /// resolver may take timeout × attempts × nameservers (30 s by default, minutes with some resolv.conf).
    private static func resolve(_ host: String, within: Duration) throws -> String {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1 { return host }
        guard let lookedUp = BlockingCall.run(within: within, { numericAddress(of: host) }) else {
            throw CommandFailure(.timeout, "--tcp: looking up \(host) did not finish within \(String(format: "%g", within.seconds)) s: check this host's DNS, or give the daemon's IP address")
        }
        guard let address = lookedUp else { throw CommandFailure(.usage, "--tcp: cannot resolve \(host)") }
        return address
    }

    /// getaddrinfo's first address for `host`, as a numeric string; nil when the name does not resolve.
    private static func numericAddress(of host: String) -> String? {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return nil }
        defer { freeaddrinfo(list) }
        var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard getnameinfo(first.pointee.ai_addr, first.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 else { return nil }
        return String(cString: buffer)
    }
}
