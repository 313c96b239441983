import Foundation
import ProvClient
import ProvCrypto
import ProvMessages

/// How esp_prov prints one network's status answers and how `--json` names them. The text and
/// JSON reporters each have one switch over `NetworkStatus`; the words that differ between Wi-Fi
/// (`==== WiFi state: Connected ====`, `wifi_status`) and Thread (`==== Thread state: Attached ====`,
/// `thread_status`) come from here, so esp_prov's lines stay exactly as people grep them.
struct StatusWording: Sendable {
    /// The heading printed before every answer.
    let heading: String
    /// The text line for each state.
    let joined: String, joining: String, failed: String, disconnected: String
    /// How a terminal colours the joined line and the failed and disconnected lines: esp_prov marks
    /// Wi-Fi's (`==== … Connected ====`, `---- … ----`), network_provisioning's Thread lines are plain.
    let joinedTone: LineTone, endedTone: LineTone
    /// The live progress line while the device is joining.
    let waiting: String
    /// The `--json` event and its `state` names.
    let event: String, jsonJoined: String, jsonJoining: String, jsonDisconnected: String
    /// The `--json` key under which a `joined` answer carries the network's details.
    let joinedKey: String
    /// Wi-Fi's `connecting` always carries `attempts_remaining` (null until a retry); Thread's has none.
    let reportsAttempts: Bool

    static let wifi = StatusWording(
        heading: "==== Wi-Fi connection state  ====",
        joined: "==== WiFi state: Connected ====", joining: "++++ WiFi state: Connecting... ++++",
        failed: "---- WiFi state: Connection Failed ----", disconnected: "---- WiFi state: Disconnected ----",
        joinedTone: .success, endedTone: .failure,
        waiting: "waiting for the device to join the network",
        event: "wifi_status", jsonJoined: "connected", jsonJoining: "connecting", jsonDisconnected: "disconnected",
        joinedKey: "connection", reportsAttempts: true)

    static let thread = StatusWording(
        heading: "==== Thread connection state  ====",
        joined: "==== Thread state: Attached ====", joining: "==== Thread state: Attaching ====",
        failed: "==== Thread state: Attaching Failed ====", disconnected: "==== Thread state: Detached ====",
        joinedTone: .plain, endedTone: .plain,
        waiting: "waiting for the device to attach to the Thread network",
        event: "thread_status", jsonJoined: "attached", jsonJoining: "attaching", jsonDisconnected: "detached",
        joinedKey: "network", reportsAttempts: false)
}

/// What a network reports on success, as the reporters show it.
protocol ReportedJoin: Sendable, Equatable {
    /// The words for this network's states.
    static var wording: StatusWording { get }
    /// The verbose detail line after the joined state.
    var summary: String { get }
    associatedtype JSONObject: JSONFields
    /// Its `--json` object (also the `result`'s `connection` / `thread_network`).
    var jsonFields: JSONObject { get }
}

/// Why a network's join failed, as the reporters show it.
protocol ReportedFailure: Sendable, Equatable {
    /// esp_prov's words in `---- Failure reason: … ----`, the `--json` `reason`, and the device's
    /// number for a reason this client does not know (`reason_code`).
    var reason: (text: String, json: String, code: Int?) { get }
}

extension WiFiConnection: ReportedJoin {
    static var wording: StatusWording { .wifi }
    var summary: String { "ip \(ipAddress), ssid \(ssid), channel \(channel), auth \(auth)" }
    var jsonFields: ProvisioningEvents.Connection {
        .init(ip: ipAddress, ssid: ssid, bssid: hexString(bssid), channel: Int(channel), auth: auth.description)
    }
}

extension ThreadAttachment: ReportedJoin {
    static var wording: StatusWording { .thread }
    var summary: String {
        "network '\(printableDeviceText(networkName))', PAN ID \(panIDHex), extended PAN ID \(extendedPanIDHex), channel \(channel)"
    }
    var jsonFields: ProvisioningEvents.ThreadAttached {
        .init(panID: Int(panID), panIDHex: panIDHex, extPanID: extendedPanIDHex, channel: Int(channel), networkName: networkName)
    }
}

extension WiFiFailure: ReportedFailure {
    var reason: (text: String, json: String, code: Int?) {
        switch self {
        case .wrongPassword: return ("Incorrect Password", "auth_error", nil)
        case .networkNotFound: return ("Incorrect SSID", "network_not_found", nil)
        case .other(let code): return ("\(code)", "other", code)
        }
    }
}

extension ThreadFailure: ReportedFailure {
    var reason: (text: String, json: String, code: Int?) {
        switch self {
        case .datasetInvalid: return ("Invalid Dataset", "dataset_invalid", nil)
        case .networkNotFound: return ("Network Not Found", "network_not_found", nil)
        case .other(let code): return ("\(code)", "other", code)
        }
    }
}
