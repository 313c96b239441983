import Foundation
import ProvSupport

/// The provisioning QR code an ESP-IDF device shows (docs/protocol.md §6.5), parsed once into a typed value.
///
/// The text is untrusted (it comes from a camera, a label or a CI manifest), so parsing never
/// crashes: it is size- and depth-limited and every field is checked for its type.
///
/// Field meanings follow Espressif's firmware and phone apps:
/// - `pop` is the security 1 proof of possession, and also the security 2 *password*: the IDF
///   example writes `{"username":"wifiprov","pop":"abcd1234"}` for security 2, and the apps pass
///   `pop` to SRP6a;
/// - `password` is, in Espressif's Android app, the passphrase of the device's SoftAP; it serves as
///   the security 2 password only when `pop` is absent.
public struct QRPayload: Sendable, Equatable {
    /// The only payload version ESP-IDF has defined.
    public static let version = "v1"
    /// The page ESP-IDF's log points to when the terminal QR code is unreadable.
    public static let jumpstartPage = "https://espressif.github.io/esp-jumpstart/qrcode.html"
    /// No QR code holds more than 2953 bytes; anything bigger is not a payload.
    public static let maxLength = 4096

    /// The device's name: its BLE advertised name, or the SSID of its SoftAP (`PROV_xxxxxx`).
    public var name: String
    /// `ble` or `softap` (HTTP): a payload never names the console.
    public var transport: TransportKind
    /// The scheme, when the payload says (ESP-IDF's example never does; the device's proto-ver decides).
    public var security: SecurityVersion?
    /// Security 2 username; its presence is how the example marks a sec2 device.
    public var username: String?
    /// Security 1 PoP, or the security 2 password (see the type's comment). Secret.
    public var pop: String?
    /// Android's SoftAP passphrase; the sec2 password only when `pop` is absent. Secret.
    public var password: String?

    /// For callers that make payloads (`esp-prov qr`, tests); parsing is `init(parsing:)`.
    public init(
        name: String, transport: TransportKind, security: SecurityVersion? = nil, username: String? = nil,
        pop: String? = nil, password: String? = nil
    ) {
        self.name = name
        self.transport = transport
        self.security = security
        self.username = username
        self.pop = pop
        self.password = password
    }

    /// The service name a client uses for `transport`: the BLE name, or nil for SoftAP, where the
    /// name is the access point to join and the device answers at its default address.
    public func serviceName(for transport: TransportKind) -> String? {
        transport == .ble && self.transport == .ble ? name : nil
    }

    /// The security 2 password: `pop` (ESP-IDF's convention), else `password`.
    public var sec2Password: String? { pop ?? password }

    /// The security 1 PoP this payload holds: its `pop`, except on a label with a `username` (how
    /// ESP-IDF marks security 2), where `pop` is only the password; such a label so implies
    /// security 2, and a device offering security 1 cannot take the password as a PoP (issue 22).
    public var proofOfPossession: String? { username == nil ? pop : nil }

    /// The payload as the device prints it: ESP-IDF's key order (`ver`, `name`, `username`, `pop`,
    /// `transport`), then `security` and `password` when set.
    public var json: String {
        var members: [(String, String)] = [("ver", jsonQuoted(Self.version)), ("name", jsonQuoted(name))]
        if let username { members.append(("username", jsonQuoted(username))) }
        if let pop { members.append(("pop", jsonQuoted(pop))) }
        members.append(("transport", jsonQuoted(transport.name)))
        if let security { members.append(("security", String(security.rawValue))) }
        if let password { members.append(("password", jsonQuoted(password))) }
        return "{" + members.map { "\(jsonQuoted($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }

    /// The jumpstart page URL with the payload as its `data` parameter, percent-encoded.
    public var jumpstartURL: String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return Self.jumpstartPage + "?data=" + (json.addingPercentEncoding(withAllowedCharacters: allowed) ?? json)
    }

    // MARK: Parsing

    /// Parses the JSON payload, or a URL with it in the `data` query parameter (the jumpstart page).
    public init(parsing text: String) throws {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw QRPayloadError.empty }
        guard text.utf8.count <= Self.maxLength else { throw QRPayloadError.tooLong(text.utf8.count) }
        let upper = text.prefix(5).uppercased()
        if upper.hasPrefix("DPP:") { throw QRPayloadError.dppURI }
        if upper.hasPrefix("WIFI:") { throw QRPayloadError.wifiNetworkCode }
        let json = try Self.jsonText(from: text)
        guard Self.nestingDepth(of: json) <= 8 else { throw QRPayloadError.notJSON("nested too deeply") }
        guard let value = JSONValue.parse(Array(json.utf8)) else {
            throw QRPayloadError.notJSON(json.hasPrefix("{") ? "it is not valid JSON" : "it does not start with '{'")
        }
        try self.init(json: value)
    }

    /// Builds the payload from parsed JSON, checking every field ESP-IDF defines; other keys are ignored.
    public init(json value: JSONValue) throws {
        guard case .object = value else { throw QRPayloadError.notJSON("it is not a JSON object") }
        if let version = value["ver"] {
            guard let text = version.stringValue else { throw QRPayloadError.wrongType(field: "ver", expected: "a string") }
            guard text == Self.version else { throw QRPayloadError.unsupportedVersion(text) }
        }
        guard let nameValue = value["name"] else { throw QRPayloadError.missing("name") }
        guard let name = nameValue.stringValue else { throw QRPayloadError.wrongType(field: "name", expected: "a string") }
        guard !name.isEmpty else { throw QRPayloadError.invalid(field: "name", reason: "it is empty") }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw QRPayloadError.invalid(field: "name", reason: "it contains control characters")
        }
        guard let transportValue = value["transport"] else { throw QRPayloadError.missing("transport") }
        guard let transportText = transportValue.stringValue else {
            throw QRPayloadError.wrongType(field: "transport", expected: "a string")
        }
        // Only the words ESP-IDF writes: not esp_prov's `httpd` alias, never the console.
        guard let transport = TransportKind(name: transportText), transport != .console,
            transport.name == transportText.lowercased()
        else {
            throw QRPayloadError.unknownTransport(transportText)
        }
        self.init(
            name: name, transport: transport, security: try Self.security(value["security"]),
            username: try Self.optionalString(value, "username"), pop: try Self.optionalString(value, "pop"),
            password: try Self.optionalString(value, "password"))
        if let username, username.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw QRPayloadError.invalid(field: "username", reason: "it contains control characters")
        }
    }

    /// The JSON text itself, or the decoded `data` parameter of an `http(s)://` URL.
    private static func jsonText(from text: String) throws -> String {
        let lower = text.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return text }
        guard let query = text.firstIndex(of: "?") else { throw QRPayloadError.urlWithoutData }
        var rest = text[text.index(after: query)...]
        while !rest.isEmpty {
            let field: Substring
            if rest.hasPrefix("data=") {
                field = rest.dropFirst("data=".count)
                // ESP-IDF logs the JSON unencoded; it may contain '&', so take it to the end.
                if field.hasPrefix("{") { return String(field) }
                let encoded = field.prefix { $0 != "&" && $0 != "#" }
                guard let decoded = encoded.removingPercentEncoding, !decoded.isEmpty else {
                    throw QRPayloadError.notJSON("the URL's data parameter is not valid percent-encoding")
                }
                return decoded
            }
            guard let amp = rest.firstIndex(of: "&") else { break }
            rest = rest[rest.index(after: amp)...]
        }
        throw QRPayloadError.urlWithoutData
    }

    /// How deeply brackets nest outside strings: bounds recursion before any JSON decoding.
    private static func nestingDepth(of text: String) -> Int {
        var depth = 0, deepest = 0, inString = false, escaped = false
        for byte in text.utf8 {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
        return deepest
    }

    private static func optionalString(_ object: JSONValue, _ field: String) throws -> String? {
        guard let value = object[field], value != .null else { return nil }
        guard let text = value.stringValue else { throw QRPayloadError.wrongType(field: field, expected: "a string") }
        return text
    }

    /// `security` as a number (or a numeric string, which Android's `optInt` accepts too).
    private static func security(_ value: JSONValue?) throws -> SecurityVersion? {
        guard let value, value != .null else { return nil }
        let number = value.integerValue ?? value.stringValue.flatMap { Int($0) }
        guard let number else { throw QRPayloadError.wrongType(field: "security", expected: "0, 1 or 2") }
        guard let version = SecurityVersion(rawValue: number) else {
            throw QRPayloadError.invalid(field: "security", reason: "\(number) is not 0, 1 or 2")
        }
        return version
    }
}

/// Why a QR payload was refused; the message says what is wrong, never what a secret was.
public enum QRPayloadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing was scanned or pasted.
    case empty
    /// Larger than any QR code, so not a payload (and not worth parsing).
    case tooLong(Int)
    /// A Wi-Fi Easy Connect (DPP) URI: a different provisioning protocol.
    case dppURI
    /// A `WIFI:S:…;` code: a network to join, not a device to provision.
    case wifiNetworkCode
    /// An esp-jumpstart URL without its `data=` parameter.
    case urlWithoutData
    /// Not JSON; the associated text says where parsing stopped, not the content.
    case notJSON(String)
    /// A `ver` other than `v1`: a newer format this client does not know.
    case unsupportedVersion(String)
    /// A required field (`ver`, `name`, `transport`) is absent.
    case missing(String)
    /// A field has the wrong JSON type.
    case wrongType(field: String, expected: String)
    /// A field has the right type but an unusable value (say, an empty name).
    case invalid(field: String, reason: String)
    /// A transport other than `ble`/`softap`.
    case unknownTransport(String)

    /// Says what is wrong and never repeats a secret field's value.
    public var description: String { message.description }

    /// `description` with its remedy kept as a value, for a front end to word.
    public var message: ProvMessage {
        switch self {
        case .empty: return "the QR payload is empty"
        case .tooLong(let size): return "the QR payload is \(size) bytes, more than a QR code can hold"
        case .dppURI:
            return "this is a Wi-Fi Easy Connect (DPP) URI, not an ESP-IDF provisioning payload; \(Remedy.useDPPConfigurator)"
        case .wifiNetworkCode:
            return "this is a Wi-Fi network QR code (WIFI:...), not an ESP-IDF provisioning payload"
        case .urlWithoutData: return "the URL has no data= parameter holding the provisioning payload"
        case .notJSON(let reason): return "the QR payload is not a JSON object: \(reason)"
        case .unsupportedVersion(let version):
            return "unsupported QR payload version '\(Self.printable(version))' (expected 'v1')"
        case .missing(let field): return "the QR payload has no \"\(field)\""
        case .wrongType(let field, let expected): return "\"\(field)\" in the QR payload must be \(expected)"
        case .invalid(let field, let reason): return "\"\(field)\" in the QR payload is invalid: \(reason)"
        case .unknownTransport(let value):
            return "unknown transport '\(Self.printable(value))' in the QR payload (expected ble or softap)"
        }
    }

    /// Payload text echoed in a message, made safe for a terminal and kept short.
    private static func printable(_ text: String) -> String {
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? "?" : $0 }))
        return cleaned.count > 40 ? String(cleaned.prefix(40)) + "…" : cleaned
    }
}
