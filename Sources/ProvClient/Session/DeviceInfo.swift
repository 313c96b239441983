import Foundation

/// What a device says about itself in `proto-ver`, parsed once per run (docs/protocol.md §1.3, §7).
///
/// Three shapes exist in the field: the JSON of wifi_provisioning (`"ver": "v1.1"`), the JSON of
/// network_provisioning (`"ver": "netprov-v1.2"`), and a plain version string from firmware built
/// without a provisioning manager. A JSON object without `prov` is accepted as "no capabilities".
public struct DeviceInfo: Sendable, Equatable {
    /// Which provisioning manager runs on the device.
    public enum Manager: String, Sendable {
        /// `prov.ver` is `v1.1`: the IDF component (IDF ≤ 5.5).
        case wifiProvisioning = "wifi_provisioning"
        /// `netprov-…` or `wifi_prov`/`thread_prov` caps: idf-extra-components.
        case networkProvisioning = "network_provisioning"
        /// A plain version string: no manager we know, capabilities unknown.
        case unknown
    }
    /// Which network the device provisions.
    public enum Network: String, Sendable {
        /// Wi-Fi credentials (`prov-config`, `prov-scan`): wifi_provisioning, or network_provisioning's `wifi_prov`.
        case wifi
        /// A Thread dataset (network_provisioning's `thread_prov` capability).
        case thread
    }

    /// The raw reply text (version JSON carries no secrets).
    public let raw: String
    /// `prov.ver`, or the whole reply for plain-string devices.
    public let version: String?
    /// `prov.sec_ver` (absent on IDF v4.x).
    public let securityVersion: Int?
    /// `prov.sec_patch_ver`: 1 means the sec2 counter IV.
    public let securityPatchVersion: Int?
    /// `prov.cap`, in the device's order.
    public let capabilities: [String]
    /// Other application labels registered with `wifi_prov_mgr_set_app_info` (label → ver).
    public let applications: [String: String]
    /// Whether the reply was JSON; a plain string means legacy or custom firmware.
    public let isJSON: Bool

    /// Parses untrusted bytes with limits; malformed JSON members are errors, not guesses.
    public init(parsing bytes: [UInt8]) throws {
        guard bytes.count <= 4096 else {
            throw ProvError.protocolViolation(ProtocolViolation(
                .tooLarge(endpoint: "proto-ver", size: bytes.count, limit: 4096, .protoVerReply)))
        }
        raw = String(decoding: bytes, as: UTF8.self)
        guard let json = JSONValue.parse(bytes), case .object(let object) = json else {
            isJSON = false
            version = try Self.plainVersion(bytes)
            securityVersion = nil
            securityPatchVersion = nil
            capabilities = []
            applications = [:]
            return
        }
        isJSON = true
        var applications: [String: String] = [:]
        for (label, value) in object where label != "prov" {
            if let ver = value["ver"]?.stringValue { applications[label] = ver }
        }
        self.applications = applications
        guard let provValue = object["prov"] else {
            version = nil
            securityVersion = nil
            securityPatchVersion = nil
            capabilities = []
            return
        }
        guard case .object = provValue else {
            throw ProvError.protocolViolation(ProtocolViolation(.protoVerField("prov", isNot: .object)))
        }
        if let ver = provValue["ver"], ver.stringValue == nil {
            throw ProvError.protocolViolation(ProtocolViolation(.protoVerField("prov.ver", isNot: .string)))
        }
        version = provValue["ver"]?.stringValue
        for text in [version].compactMap({ $0 }) + applications.keys + applications.values where Self.hasControlCharacters(text) {
            throw ProvError.protocolViolation(ProtocolViolation(.controlCharacters(source: "proto-ver", text: text)))
        }
        securityVersion = try Self.smallInteger(provValue["sec_ver"], name: "sec_ver", range: 0...2)
        securityPatchVersion = try Self.smallInteger(provValue["sec_patch_ver"], name: "sec_patch_ver", range: 0...255)
        switch provValue["cap"] {
        case nil:
            capabilities = []
        case .array(let list)?:
            let names = list.compactMap(\.stringValue)
            guard names.count == list.count else {
                throw ProvError.protocolViolation(ProtocolViolation(.protoVerField("prov.cap", isNot: .listOfStrings)))
            }
            if let bad = names.first(where: Self.hasControlCharacters) {
                throw ProvError.protocolViolation(ProtocolViolation(.controlCharacters(source: "proto-ver capability", text: bad)))
            }
            capabilities = names
        default:
            throw ProvError.protocolViolation(ProtocolViolation(.protoVerField("prov.cap", isNot: .list)))
        }
    }

    /// Firmware without a provisioning manager answers a short plain version such as `V0.1` (or
    /// nothing). Anything else that is not JSON (an HTML page from a captive portal, cut-off JSON,
    /// binary noise) means something other than a provisioning device answered, or the reply was
    /// damaged: guessing a scheme for it would only fail later with a misleading message.
    private static func plainVersion(_ bytes: [UInt8]) throws -> String? {
        let text = String(validating: bytes, as: UTF8.self)?
            .trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\0")))
        if text?.isEmpty == true { return nil }
        guard let text, text.count <= 64, !hasControlCharacters(text), let first = text.first, !"{[<".contains(first) else {
            throw ProvError.protocolViolation(ProtocolViolation(.unreadableProtoVer(
                byteCount: bytes.count, start: Array(bytes.prefix(32)), cutShortJSON: bytes.first == UInt8(ascii: "{"))))
        }
        return text
    }

    private static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    private static func smallInteger(_ value: JSONValue?, name: String, range: ClosedRange<Int>) throws -> Int? {
        guard let value else { return nil }
        guard let number = value.integerValue, range.contains(number) else {
            throw ProvError.protocolViolation(ProtocolViolation(.protoVerField(name, isNot: .integer(in: range))))
        }
        return number
    }

    /// Exact, case-sensitive membership, as esp_prov checks it.
    public func has(_ capability: String) -> Bool { capabilities.contains(capability) }

    /// network_provisioning announces itself by its version prefix or its `wifi_prov`/`thread_prov` caps.
    public var manager: Manager {
        if version?.hasPrefix("netprov-") == true || has("wifi_prov") || has("thread_prov") { return .networkProvisioning }
        if version != nil && isJSON { return .wifiProvisioning }
        return .unknown
    }

    /// Thread only when the device says `thread_prov`; everything else is Wi-Fi.
    public var network: Network { has("thread_prov") ? .thread : .wifi }

    /// Whether the device offers a scan of the network it provisions.
    public var canScan: Bool { network == .thread ? has("thread_scan") : has("wifi_scan") }

    /// esp_prov's `--proto_ver` check: the whole reply or `prov.ver`, case-insensitively.
    public func matches(protocolVersion expected: String) -> Bool {
        raw.caseInsensitiveCompare(expected) == .orderedSame
            || version?.caseInsensitiveCompare(expected) == .orderedSame
    }
}
