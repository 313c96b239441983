import Foundation
import Glibc

/// Which interface would carry esp-prov's requests to an ESP SoftAP (`192.168.4.1` unless the
/// firmware changed it): a UDP `connect` asks the kernel's routing table without sending anything,
/// and `getsockname` gives the local address it chose. A device's SoftAP is on-link; reaching
/// it only through a default gateway means the host has not joined the device's network.
enum SoftAPRouteProbe {
    static let defaultAddress = "192.168.4.1"

    /// The route check, and the interface it found (nil when none reaches `address` on-link).
    static func check(address: String = defaultAddress) -> (check: DoctorCheck, interface: String?) {
        let joinFix = "join the device's access point (PROV_xxxxxx) with Wi-Fi first, e.g. `nmcli device wifi connect PROV_1A2B3C`"
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_port = in_port_t(80).bigEndian
        guard inet_pton(AF_INET, address, &target.sin_addr) == 1 else {
            return (.fail(.softap, "route", "\(address) is not an IPv4 address", fix: "give a dotted IPv4 address"), nil)
        }
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            return (.fail(.softap, "route", "no IPv4 socket (\(SystemError.name(errno)))", fix: "check the network stack"), nil)
        }
        defer { close(descriptor) }
        let connected = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            return (.fail(.softap, "route", "no interface reaches \(address) (\(SystemError.name(errno)))", fix: joinFix), nil)
        }
        var local = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard let link = InterfaceAddress.all().first(where: { $0.address == local.sin_addr.s_addr }) else {
            return (.fail(.softap, "route", "\(address) is routed, but no interface holds the local address",
                          fix: joinFix), nil)
        }
        let localText = InterfaceAddress.text(local.sin_addr)
        guard link.isOnLink(target.sin_addr.s_addr) else {
            return (.fail(.softap, "route",
                          "\(address) is reached only through a gateway from \(link.name) (\(localText)): not a device's SoftAP",
                          fix: joinFix), nil)
        }
        return (.pass(.softap, "route", "\(address) is reached directly through \(link.name) (\(localText))"), link.name)
    }
}
