import Foundation
import ProvCrypto

/// A DPP (Wi-Fi Easy Connect) bootstrap URI, what a device's QR code says:
/// `DPP:C:81/1;M:020000000001;I:hello;V:2;K:<base64 SPKI>;;`. Parsed before anything reaches a
/// daemon (which answers a bad URI with a bare `FAIL`), and built for the enrollee side.
///
/// Rules (docs/onboarding.md §2, as wpa_supplicant 2.10 applies them): `;`-separated
/// `<letter>:<value>` fields ending `;;`; only the first of each letter counts; unknown letters
/// are ignored; `K:` is required.
public struct DPPURI: Sendable, Equatable {
    /// No QR code holds more than 2953 bytes; anything bigger is not a bootstrap URI.
    public static let maxLength = 4096

    /// `C:`, the channels the enrollee listens on, in the URI's order.
    public var channels: [DPPChannel]
    /// `M:`, the enrollee's MAC address (six bytes).
    public var mac: [UInt8]?
    /// `I:`, free text (printable ASCII without `;`).
    public var info: String?
    /// `V:`, the DPP version the enrollee supports (absent: 1).
    public var version: Int?
    /// `H:`, the host the enrollee can be reached at over DPP's TCP transport.
    public var host: String?
    /// `B:`, the supported bands, as written.
    public var bands: String?
    /// `K:`, the bootstrap public key.
    public var key: DPPPublicKey

    /// A URI from its fields, to build one (`dpp uri`) rather than parse one.
    public init(
        key: DPPPublicKey, channels: [DPPChannel] = [], mac: [UInt8]? = nil, info: String? = nil, version: Int? = nil,
        host: String? = nil, bands: String? = nil
    ) {
        self.key = key
        self.channels = channels
        self.mac = mac
        self.info = info
        self.version = version
        self.host = host
        self.bands = bands
    }

    /// SHA-256 of the decoded `K:` bytes, as `DPP_BOOTSTRAP_INFO` reports it.
    public var pkhash: String { key.pkhash }

    /// `M:` as `aa:bb:cc:dd:ee:ff`.
    public var macText: String? { mac.map { hexString($0, separator: ":") } }

    /// The URI text, fields in wpa_supplicant's order (C, M, I, V, H, B, K).
    public var text: String {
        var fields: [String] = []
        if !channels.isEmpty { fields.append("C:" + channels.map(\.description).joined(separator: ",")) }
        if let mac { fields.append("M:" + hexString(mac)) }
        if let info { fields.append("I:" + info) }
        if let version { fields.append("V:\(version)") }
        if let host { fields.append("H:" + host) }
        if let bands { fields.append("B:" + bands) }
        fields.append("K:" + key.base64)
        return "DPP:" + fields.joined(separator: ";") + ";;"
    }

    /// Parses a URI (surrounding whitespace ignored: QR scanners add newlines).
    public init(parsing input: String) throws {
        let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count <= Self.maxLength else { throw DPPURIError.tooLong(trimmed.utf8.count) }
        guard trimmed.hasPrefix("DPP:") else { throw DPPURIError.notDPP }
        guard trimmed.hasSuffix(";;") else { throw DPPURIError.unterminated }
        let body = trimmed.dropFirst(4).dropLast(2)
        if body.isEmpty { throw DPPURIError.missingKey }
        var seen = Set<Character>()
        var channels: [DPPChannel] = []
        var mac: [UInt8]?
        var info: String?
        var version: Int?
        var host: String?
        var bands: String?
        var key: DPPPublicKey?
        // An empty field inside the body would be an early ";;": the URI ended before its text did.
        for field in body.split(separator: ";", omittingEmptySubsequences: false) {
            guard field.count >= 2, let letter = field.first, letter.isASCII, letter.isLetter,
                field[field.index(after: field.startIndex)] == ":"
            else {
                if field.isEmpty { throw DPPURIError.unterminated }
                throw DPPURIError.malformedField(String(field))
            }
            let value = field.dropFirst(2)
            guard seen.insert(letter).inserted else { continue }
            switch letter {
            case "C": channels = try Self.channels(value)
            case "M": mac = try Self.mac(value)
            case "I": info = try Self.info(value)
            case "V": version = try Self.version(value)
            case "H": host = try Self.printable(value, field: "H", what: "host")
            case "B": bands = try Self.printable(value, field: "B", what: "band list")
            case "K": key = try DPPPublicKey(base64: value)
            default: continue
            }
        }
        guard let key else { throw DPPURIError.missingKey }
        self.init(key: key, channels: channels, mac: mac, info: info, version: version, host: host, bands: bands)
    }

    private static func channels(_ value: Substring) throws -> [DPPChannel] {
        try value.split(separator: ",", omittingEmptySubsequences: false).map {
            guard let channel = DPPChannel(parsing: $0) else {
                throw DPPURIError.invalidField(field: "C", reason: "\"\($0.prefix(12))\" is not <operating class>/<channel>")
            }
            return channel
        }
    }

    /// Twelve hex digits, with or without `:` separators (also for `--mac` flags).
    public static func mac(_ value: Substring) throws -> [UInt8] {
        let digits = value.filter { $0 != ":" }
        guard digits.count == 12, digits.allSatisfy(\.isASCIIHexDigit) else {
            throw DPPURIError.invalidField(field: "M", reason: "a MAC address is 12 hex digits")
        }
        var bytes: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            bytes.append(UInt8(digits[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    private static func info(_ value: Substring) throws -> String {
        try printable(value, field: "I", what: "information text")
    }

    private static func version(_ value: Substring) throws -> Int {
        guard !value.isEmpty, value.count <= 3, value.allSatisfy(\.isASCIIDigit), let number = Int(value), (1...255).contains(number) else {
            throw DPPURIError.invalidField(field: "V", reason: "the version is a number 1–255")
        }
        return number
    }

    private static func printable(_ value: Substring, field: Character, what: String) throws -> String {
        guard value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) else {
            throw DPPURIError.invalidField(field: field, reason: "the \(what) must be printable ASCII")
        }
        return String(value)
    }
}
