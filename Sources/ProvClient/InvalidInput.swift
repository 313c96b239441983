/// An input the caller gave that is malformed, out of its limits, or contradicts the device. A
/// fact, not a flag: the CLI names the option (`--service_name`, `--sec_ver`, ...), a batch
/// manifest names its field, other programs say it their own way.
public enum InvalidInput: Sendable, Equatable {
    /// The HTTP service address (`host[:port]`) could not be parsed.
    case serviceAddress(String, ServiceAddress.Problem)
    /// The sec2 salt length is outside `Sec2Credentials.saltLengths`.
    case sec2SaltLength(Int)
    /// The BLE provisioning service UUID is not a 128-bit UUID.
    case bleServiceUUID(String)
    /// The security scheme asked for is not the one the device advertises in proto-ver.
    case securityVersion(requested: SecurityVersion, device: SecurityVersion)

    /// The problem in words, with `name` standing for however the caller spells the input.
    public func describe(naming name: String) -> String {
        switch self {
        case .serviceAddress(let text, let problem): return "\(name) '\(text)'\(problem.phrase)"
        case .sec2SaltLength:
            let limits = Sec2Credentials.saltLengths
            return "\(name) must be \(limits.lowerBound) to \(limits.upperBound)"
        case .bleServiceUUID(let text): return "\(name) '\(text)' is not a 128-bit UUID (8-4-4-4-12 hex digits)"
        case .securityVersion(let asked, let device):
            return "\(name) \(asked.rawValue) was given, but the device uses security \(device.rawValue) "
                + "(proto-ver sec_ver); pass \(name) \(device.rawValue) or leave it out"
        }
    }

    /// A neutral name for the input, for messages outside the CLI.
    public var neutralName: String {
        switch self {
        case .serviceAddress: return "service address"
        case .sec2SaltLength: return "sec2 salt length"
        case .bleServiceUUID: return "BLE service UUID"
        case .securityVersion: return "security version"
        }
    }
}

extension ServiceAddress {
    /// What is wrong with a `host[:port]` text.
    public enum Problem: Sendable, Equatable {
        /// `[v6-address` without its `]`.
        case unclosedIPv6Bracket
        /// Text that is neither `host`, `host:port` nor `[v6]:port`.
        case notHostPort
        /// A port without a host (`:80`).
        case noHost
        /// A port that is not a number 1–65535.
        case badPort

        /// The words that follow the quoted text in a message.
        var phrase: String {
            switch self {
            case .unclosedIPv6Bracket: return ": missing ']' after the IPv6 address"
            case .notHostPort: return " is not host[:port]"
            case .noHost: return " has no host"
            case .badPort: return ": port must be a number from 1 to 65535"
            }
        }
    }
}
