import Foundation
import ProvCrypto

/// What a configurator hands an enrollee: the configuration kind (`conf=`), the SSID and, for
/// PSK/SAE, the passphrase. The passphrase is a secret: `description` never shows it and
/// commands carry it hex-encoded only inside the daemon request.
public struct DPPNetworkSettings: Sendable, CustomStringConvertible {
    /// `conf=` values of DPP_AUTH_INIT / DPP_CONFIGURATOR_SIGN.
    public enum Kind: String, Sendable, CaseIterable {
        /// A station on a WPA2-Personal network (passphrase 8–63 characters).
        case staPSK = "sta-psk"
        /// A station on a WPA3-Personal (SAE) network.
        case staSAE = "sta-sae"
        /// A station on a transition-mode network (PSK and SAE): the passphrase rules of PSK apply.
        case staPSKSAE = "sta-psk-sae"
        /// A station that authenticates with a DPP connector, no passphrase.
        case staDPP = "sta-dpp"
        /// An AP (configured as one) with a WPA2-Personal passphrase.
        case apPSK = "ap-psk"
        /// An AP with a WPA3-Personal (SAE) password.
        case apSAE = "ap-sae"
        /// An AP that takes DPP connectors.
        case apDPP = "ap-dpp"

        /// PSK and SAE configurations carry a passphrase; DPP ones a connector instead.
        public var needsPassphrase: Bool { self != .staDPP && self != .apDPP }
        var allowsPSK: Bool { self == .staPSK || self == .staPSKSAE || self == .apPSK }
    }

    /// Why settings cannot be sent (checked before the daemon sees them).
    public enum Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        /// The SSID's UTF-8 byte count, outside 1–32.
        case ssidLength(Int)
        /// A PSK/SAE kind without a passphrase.
        case passphraseMissing(Kind)
        /// A passphrase of this many characters breaks WPA's rule (or is not printable ASCII).
        case passphraseLength(Int)
        /// A DPP kind was given a passphrase it would not carry: refused rather than silently dropped.
        case passphraseNotAllowed(Kind)

        /// Says which rule failed and how to fix it; never shows the passphrase.
        public var description: String {
            switch self {
            case .ssidLength(let count): return "the SSID is \(count) bytes; it must be 1–32"
            case .passphraseMissing(let kind): return "conf \(kind.rawValue) needs a passphrase"
            case .passphraseLength(let count): return "the passphrase is \(count) characters; WPA needs 8–63 printable ASCII characters"
            case .passphraseNotAllowed(let kind): return "conf \(kind.rawValue) carries no passphrase (a DPP connector instead): drop it"
            }
        }
    }

    /// The `conf=` kind.
    public let kind: Kind
    /// The network name, 1–32 bytes.
    public let ssid: String
    /// The passphrase (a secret), present exactly when `kind.needsPassphrase`.
    public let passphrase: String?

    /// Checks the SSID and passphrase against WPA's rules before any daemon sees them; throws `Invalid`.
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
        var text = "conf=\(kind.rawValue) ssid=\(hexString(ssid.utf8))"
        if let passphrase { text += " pass=\(hexString(passphrase.utf8))" }
        return text
    }

    /// The settings for messages and `-v`, the passphrase as `<redacted>`.
    public var description: String {
        "\(kind.rawValue) ssid=\(ssid)" + (passphrase == nil ? "" : " pass=<redacted>")
    }
}

