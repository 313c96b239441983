import ProvSupport

/// Text a daemon relays from a peer (an SSID, a device name, an AKM list) made safe for a terminal
/// and a log by the one policy for untrusted text (`printableDeviceText`), for every `dpp` and `wps` line.
func printableDaemonText(_ text: String) -> String {
    printableDeviceText(text)
}
