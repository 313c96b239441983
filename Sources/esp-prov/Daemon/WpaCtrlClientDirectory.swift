import Foundation

/// Where esp-prov binds its client sockets for hostapd and wpa_supplicant (`wpa_ctrl_<pid>-<n>`):
/// `ESP_PROV_WPA_CTRL_DIR`, else /tmp as wpa_cli. Read here only, for dpp, wps and doctor.
enum WpaCtrlClientDirectory {
    static func path(in environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["ESP_PROV_WPA_CTRL_DIR"] ?? "/tmp"
    }
}
