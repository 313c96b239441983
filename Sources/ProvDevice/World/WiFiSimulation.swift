import Crypto
import ProvMessages

/// Decides what one connection attempt to an SSID with a passphrase does in the simulated world.
///
/// * a known network (`--network`): right passphrase → connected, wrong → AUTH_FAIL (AuthError);
/// * an AP only in the scan list: open (auth 0) → connected, secured → AuthError (the AP is there,
///   the device just cannot know its password);
/// * anything else → NO_AP_FOUND (NetworkNotFound).
/// Connected details (BSSID, channel, auth) come from the strongest scan entry with that SSID; a known
/// network nobody scanned gets a stable locally administered BSSID derived from its SSID, channel 1.
enum WiFiSimulation {
    enum Outcome: Equatable {
        case connected(WiFiConnection)
        case failed(WiFiFailure)
    }

    static func outcome(ssid: [UInt8], passphrase: [UInt8], configuration: DeviceConfiguration) -> Outcome {
        let seen = configuration.scanResults.filter { $0.ssid == ssid }.max { $0.rssi < $1.rssi }
        if let known = configuration.knownNetworks.first(where: { $0.ssid == ssid }) {
            guard known.password == passphrase else { return .failed(.wrongPassword) }
            return .connected(connection(ssid: ssid, seen: seen, secured: !known.password.isEmpty, configuration: configuration))
        }
        if let seen {
            guard seen.auth == 0 else { return .failed(.wrongPassword) }
            return .connected(connection(ssid: ssid, seen: seen, secured: false, configuration: configuration))
        }
        return .failed(.networkNotFound)
    }

    private static func connection(ssid: [UInt8], seen: ScanEntry?, secured: Bool, configuration: DeviceConfiguration) -> WiFiConnection {
        if let seen {
            return WiFiConnection(
                ipAddress: configuration.ipAddress, ssidBytes: ssid,
                bssid: seen.bssid, channel: Int32(truncatingIfNeeded: seen.channel), authMode: seen.auth
            )
        }
        let digest = Array(SHA256.hash(data: ssid))
        let bssid = [0x02] + digest.prefix(5)
        return WiFiConnection(
            ipAddress: configuration.ipAddress, ssidBytes: ssid, bssid: bssid, channel: 1, authMode: secured ? 3 : 0
        )
    }
}
