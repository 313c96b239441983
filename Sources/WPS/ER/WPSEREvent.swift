import WpaCtrl

/// The External Registrar's own events (wpa_supplicant's `WPS-ER-*`), decoded. `WPS-ER-AP-SETTINGS`
/// keeps its SSID, auth and encryption but never its `key=`, so no code path can print it.
public enum WPSEREvent: Sendable, Equatable {
    case apAdded(WPSERAccessPoint)
    case apRemoved(uuid: String)
    case enrolleeAdded(WPSEREnrollee)
    case enrolleeRemoved(uuid: String, mac: String)
    case apSettings(WPSERAPSettings)

    /// Nil for any other event, or one too short to be what its name says.
    public init?(_ event: WpaCtrlEvent) {
        let words = event.arguments.split(separator: " ", omittingEmptySubsequences: true)
        switch event.name {
        case "WPS-ER-AP-ADD":
            guard words.count >= 2 else { return nil }
            let labels = Self.labels(event.arguments)
            self = .apAdded(WPSERAccessPoint(
                uuid: String(words[0]), mac: String(words[1]), wpsState: event.parameters["wps_state"].flatMap { Int($0) },
                friendlyName: labels[safe: 0], manufacturer: labels[safe: 1], modelName: labels[safe: 3]))
        case "WPS-ER-AP-REMOVE":
            guard let uuid = words.first else { return nil }
            self = .apRemoved(uuid: String(uuid))
        case "WPS-ER-ENROLLEE-ADD":
            guard words.count >= 2 else { return nil }
            let labels = Self.labels(event.arguments)
            self = .enrolleeAdded(WPSEREnrollee(
                uuid: String(words[0]), mac: String(words[1]), sentM1: event.parameters["M1"] == "1",
                devicePasswordId: event.parameters["dev_passwd_id"].flatMap { Int($0) },
                deviceName: labels[safe: 0], manufacturer: labels[safe: 1], modelName: labels[safe: 2]))
        case "WPS-ER-ENROLLEE-REMOVE":
            guard words.count >= 2 else { return nil }
            self = .enrolleeRemoved(uuid: String(words[0]), mac: String(words[1]))
        case "WPS-ER-AP-SETTINGS":
            guard let settings = Self.settings(event.arguments) else { return nil }
            self = .apSettings(settings)
        default:
            return nil
        }
    }

    /// `uuid=U ssid=S auth_type=0xHHHH encr_type=0xHHHH key=K`: the SSID may hold spaces, so it ends
    /// at the first ` auth_type=0x…. encr_type=0x…. key=`; everything after that is the key and is dropped.
    static func settings(_ text: Substring) -> WPSERAPSettings? {
        guard text.hasPrefix("uuid="), let ssidStart = text.range(of: " ssid=") else { return nil }
        let uuid = text[text.index(text.startIndex, offsetBy: 5)..<ssidStart.lowerBound]
        var cursor = ssidStart.upperBound
        while let marker = text[cursor...].range(of: " auth_type=0x") {
            let rest = text[marker.upperBound...]
            // "HHHH encr_type=0xHHHH key=": 4 + 14 + 4 + 5 characters.
            if rest.count >= 27, let auth = Int(rest.prefix(4), radix: 16),
               rest.dropFirst(4).hasPrefix(" encr_type=0x"), let encr = Int(rest.dropFirst(17).prefix(4), radix: 16),
               rest.dropFirst(21).hasPrefix(" key=")
            {
                return WPSERAPSettings(uuid: String(uuid), ssid: String(text[ssidStart.upperBound..<marker.lowerBound]),
                                       authType: auth, encryptionType: encr)
            }
            cursor = marker.upperBound
        }
        return nil
    }

    /// The `|a|b|c|` labels at the end of an ADD event (empty strings where the device gave none).
    private static func labels(_ text: Substring) -> [String] {
        guard let first = text.firstIndex(of: "|") else { return [] }
        return text[text.index(after: first)...].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
    }
}

extension Array where Element == String {
    fileprivate subscript(safe index: Int) -> String { indices.contains(index) ? self[index] : "" }
}
