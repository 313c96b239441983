import Foundation

/// What a configurator hands an enrollee: the configuration kind (`conf=`), the SSID and, for
/// PSK/SAE, the passphrase. The passphrase is a secret: `description` never shows it and
/// commands carry it hex-encoded only inside the daemon request.
public struct DPPNetworkSettings: Sendable, CustomStringConvertible {
    /// `conf=` values of DPP_AUTH_INIT / DPP_CONFIGURATOR_SIGN.
    public enum Kind: String, Sendable, CaseIterable {
        case staPSK = "sta-psk", staSAE = "sta-sae", staPSKSAE = "sta-psk-sae", staDPP = "sta-dpp"
        case apPSK = "ap-psk", apSAE = "ap-sae", apDPP = "ap-dpp"

        /// PSK and SAE configurations carry a passphrase; DPP ones a connector instead.
        public var needsPassphrase: Bool { self != .staDPP && self != .apDPP }
        var allowsPSK: Bool { self == .staPSK || self == .staPSKSAE || self == .apPSK }
    }

    /// Why settings cannot be sent (checked before the daemon sees them).
    public enum Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        case ssidLength(Int)
        case passphraseMissing(Kind)
        case passphraseLength(Int)
        case passphraseNotAllowed(Kind)

        public var description: String {
            switch self {
            case .ssidLength(let count): return "the SSID is \(count) bytes; it must be 1–32"
            case .passphraseMissing(let kind): return "conf \(kind.rawValue) needs a passphrase"
            case .passphraseLength(let count): return "the passphrase is \(count) characters; WPA needs 8–63 printable ASCII characters"
            case .passphraseNotAllowed(let kind): return "conf \(kind.rawValue) carries no passphrase (a DPP connector instead): drop it"
            }
        }
    }

    public let kind: Kind
    public let ssid: String
    public let passphrase: String?

    public init(kind: Kind, ssid: String, passphrase: String?) throws {
        let ssidBytes = ssid.utf8.count
        guard (1...32).contains(ssidBytes) else { throw Invalid.ssidLength(ssidBytes) }
        if kind.needsPassphrase {
            guard let passphrase else { throw Invalid.passphraseMissing(kind) }
            let printable = passphrase.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
            let range = kind.allowsPSK ? 8...63 : 1...128
            guard printable, range.contains(passphrase.count) else { throw Invalid.passphraseLength(passphrase.count) }
        } else if passphrase != nil {
            throw Invalid.passphraseNotAllowed(kind)
        }
        self.kind = kind
        self.ssid = ssid
        self.passphrase = passphrase
    }

    /// The `conf= ssid= [pass=]` arguments, hex-encoded as the daemons expect.
    var arguments: String {
        var text = "conf=\(kind.rawValue) ssid=\(Data(ssid.utf8).dppHex)"
        if let passphrase { text += " pass=\(Data(passphrase.utf8).dppHex)" }
        return text
    }

    public var description: String {
        "\(kind.rawValue) ssid=\(ssid)" + (passphrase == nil ? "" : " pass=<redacted>")
    }
}

extension Data {
    var dppHex: String { map { String(format: "%02x", $0) }.joined() }
}
