/// Why a text is not a usable DPP bootstrap URI, naming the field at fault so the user knows
/// whether the label, the camera or the device's firmware is wrong.
public enum DPPURIError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text does not start with `DPP:`.
    case notDPP
    /// Longer than any QR code holds.
    case tooLong(Int)
    /// The field list does not end with `;;`, or something follows it.
    case unterminated
    /// A field is not `<letter>:<value>`.
    case malformedField(String)
    /// No `K:` field: the public key is the one field every URI must have.
    case missingKey
    /// A known field whose value breaks its rule.
    case invalidField(field: Character, reason: String)

    /// Names the field and the rule it breaks, so a mis-scanned QR code can be told from a bad one.
    public var description: String {
        switch self {
        case .notDPP: return "not a DPP URI: it must start with \"DPP:\""
        case .tooLong(let count): return "DPP URI is \(count) bytes, longer than any QR code holds"
        case .unterminated: return "DPP URI must end with \";;\" (the text is cut short or has extra text after it)"
        case .malformedField(let text): return "DPP URI field \"\(text.prefix(20))\" is not <letter>:<value>"
        case .missingKey: return "DPP URI has no K: (public key) field"
        case .invalidField(let field, let reason): return "DPP URI field \(field): \(reason)"
        }
    }
}
