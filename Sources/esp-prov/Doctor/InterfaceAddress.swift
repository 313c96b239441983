import Foundation
import Glibc

/// An interface's IPv4 address and netmask (`getifaddrs`), to name the interface a route uses and
/// to tell an on-link peer from one behind a gateway.
struct InterfaceAddress: Sendable {
    var name: String
    /// Network byte order, as in `in_addr.s_addr`.
    var address: in_addr_t
    var netmask: in_addr_t

    func isOnLink(_ peer: in_addr_t) -> Bool {
        peer & netmask == address & netmask
    }

    static func all() -> [InterfaceAddress] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return [] }
        defer { freeifaddrs(list) }
        var result: [InterfaceAddress] = []
        var cursor = list
        while let entry = cursor?.pointee {
            defer { cursor = entry.ifa_next }
            guard let address = entry.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET),
                  let netmask = entry.ifa_netmask else { continue }
            func ipv4(_ pointer: UnsafeMutablePointer<sockaddr>) -> in_addr_t {
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
            }
            result.append(InterfaceAddress(name: String(cString: entry.ifa_name), address: ipv4(address), netmask: ipv4(netmask)))
        }
        return result
    }

    static func text(_ address: in_addr) -> String {
        var copy = address
        var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        inet_ntop(AF_INET, &copy, &buffer, socklen_t(buffer.count))
        return String(cString: buffer)
    }
}
