import Foundation
import ProvClient
import WpaCtrl

/// Which network the SoftAP interface is joined to, when that can be read without privileges
/// (wpa_supplicant's `STATUS` on its control socket, if this user may open it): a `PROV_*`
/// SSID is what ESP-IDF's SoftAP provisioning advertises.
enum ConnectedSSIDProbe {
    static func check(interface: String, directory: String, clientDirectory: String) -> DoctorCheck {
        guard FileManager.default.fileExists(atPath: "/sys/class/net/\(interface)/wireless") else {
            return .skipped(.softap, "ssid", "\(interface) is not a Wi-Fi interface: no SSID to check")
        }
        let socket = (directory as NSString).appendingPathComponent(interface)
        guard let client = try? WpaCtrlClient(endpoint: ControlEndpoint(socketPath: socket), clientDirectory: clientDirectory) else {
            return .skipped(.softap, "ssid", "the SSID of \(interface) is not readable without privileges (\(socket))")
        }
        defer { client.close() }
        let status = (try? client.command("STATUS", timeout: .seconds(3))) ?? ""
        let ssid = status.split(separator: "\n").first { $0.hasPrefix("ssid=") }.map { String($0.dropFirst(5)) }
        guard let ssid else { return .skipped(.softap, "ssid", "\(interface) is not associated with any network") }
        let printable = printableDeviceText(ssid)
        if ssid.hasPrefix("PROV_") { return .pass(.softap, "ssid", "\(interface) is connected to \(printable)") }
        return .skipped(.softap, "ssid", "\(interface) is connected to '\(printable)', not a PROV_* access point (fine if the firmware names its SoftAP otherwise)")
    }
}
