/// Text a daemon relays from a peer (an SSID, a device name, an AKM list) made safe for a terminal
/// and a log: anything outside printable ASCII becomes `?`. One rule for every `dpp` and `wps` line.
func printableDaemonText(_ text: String) -> String {
    String(text.unicodeScalars.map { $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" })
}
