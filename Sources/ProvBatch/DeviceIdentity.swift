import Foundation
import ProvClient

/// What makes two manifest devices the same board: a SoftAP device is the address its service
/// resolves to, not its spelling (`localhost:8080`, `127.1:8080` and `[::ffff:127.0.0.1]:8080` are one
/// board, and provisioning it twice at once would run two sessions against it); a BLE device is its
/// advertised name.
struct DeviceIdentity {
    /// The keys the device is known by; two devices are one board when their keys meet.
    let keys: Set<String>

    init(_ device: BatchDevice) {
        guard device.transport == .http, let address = try? ServiceAddress(parsing: device.service) else {
            keys = ["\(device.transport.name) \(device.service)"]
            return
        }
        let resolved = Self.resolve(address.host).map { "http \($0) port \(address.port)" }
        keys = resolved.isEmpty ? ["http \(address.host.lowercased()) port \(address.port)"] : Set(resolved)
    }

    /// The numeric addresses `host` stands for (an IPv4-mapped IPv6 address as its IPv4 form);
    /// empty when it does not resolve, so the spelling decides.
    private static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var addresses: [String] = []
        var entry = list
        while let current = entry?.pointee {
            entry = current.ai_next
            if let text = numeric(current) { addresses.append(text) }
        }
        return addresses
    }

    private static func numeric(_ entry: addrinfo) -> String? {
        guard let address = entry.ai_addr else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch entry.ai_family {
        case AF_INET:
            var v4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
            guard inet_ntop(AF_INET, &v4, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        case AF_INET6:
            var v6 = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
                return bytes[12...].map(String.init).joined(separator: ".")
            }
            guard inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        default:
            return nil
        }
        return String(cString: buffer)
    }
}
