import ProvCrypto
import SRP6a

/// A salt and verifier for security 2 firmware (`--sec2_gen_cred`), printed as the C arrays esp_prov
/// prints (docs/protocol.md §5.4), so existing copy-paste workflows keep working.
public struct Sec2Credentials: Sendable, Equatable {
    /// Random salt, minimal big-endian as esp_prov makes it.
    public let salt: [UInt8]
    /// `g^x mod N`, minimal big-endian; the only thing the device learns about the password.
    public let verifier: [UInt8]

    /// From known values, to print or check credentials generated elsewhere.
    public init(salt: [UInt8], verifier: [UInt8]) {
        self.salt = salt
        self.verifier = verifier
    }

    /// The salt lengths `generate` accepts: protocomm's sec2 salt is at least a byte, and a longer
    /// one than 1 KiB only makes the device's storage larger.
    public static let saltLengths = 1...1024

    /// Generates fresh credentials. x uses the full inner digest, as device code and phone apps do.
    public static func generate(username: String, password: String, saltLength: Int = 16) throws -> Sec2Credentials {
        guard !username.isEmpty, !password.isEmpty else {
            throw ProvError.usage("Username/password cannot be empty for security scheme 2 (SRP6a)")
        }
        guard Self.saltLengths.contains(saltLength) else { throw ProvError.invalid(.sec2SaltLength(saltLength)) }
        do {
            let generated = try SRPVerifier.generate(
                username: Array(username.utf8), password: Array(password.utf8), saltLength: saltLength)
            return Sec2Credentials(salt: generated.salt, verifier: generated.verifier)
        } catch {
            throw ProvError.internalError("could not generate the verifier: \(error)")
        }
    }

    /// esp_prov's exact output: `0x%02x` joined by ", " and cut every 96 characters (16 bytes), so
    /// every line but the last ends in ", " with a trailing space.
    public var cArrays: String {
        "==== Salt-verifier for security scheme 2 (SRP6a) ====\n"
            + Self.array("sec2_salt", salt) + Self.array("sec2_verifier", verifier)
    }

    /// Reads `cArrays` text back (for tests and tools that keep credentials in this form).
    public init(parsingCArrays text: String) throws {
        func bytes(of name: String) throws -> [UInt8] {
            guard let start = text.range(of: "\(name)[] = {"), let end = text[start.upperBound...].range(of: "};") else {
                throw ProvError.usage("no \(name) array in the credentials text")
            }
            return try text[start.upperBound..<end.lowerBound]
                .split(whereSeparator: { $0 == "," || $0.isWhitespace })
                .map { token in
                    guard token.hasPrefix("0x"), let value = UInt8(token.dropFirst(2), radix: 16) else {
                        throw ProvError.usage("'\(token)' in \(name) is not a 0x.. byte")
                    }
                    return value
                }
        }
        self.init(salt: try bytes(of: "sec2_salt"), verifier: try bytes(of: "sec2_verifier"))
    }

    private static func array(_ name: String, _ bytes: [UInt8]) -> String {
        let joined = bytes.map { "0x" + hexString([$0]) }.joined(separator: ", ")
        var lines: [Substring] = []
        var rest = Substring(joined)
        while !rest.isEmpty {
            lines.append(rest.prefix(96))
            rest = rest.dropFirst(96)
        }
        return "static const char \(name)[] = {\n    " + lines.joined(separator: "\n    ") + "\n};\n\n"
    }

    /// Why a verifier may not work with every client (docs/protocol.md §8.6); nil when it will.
    public static func ambiguityWarning(username: String, password: String) -> String? {
        guard SRPClient.innerDigestStartsWithZero(username: Array(username.utf8), password: Array(password.utf8)) else {
            return nil
        }
        return "warning: SHA-512(username:password) starts with 0x00 for these credentials. This verifier uses the full "
            + "digest, as device code and phone apps do; esp_prov's client strips the zero and will fail to log in "
            + "(esp-prov retries both ways). Choose another password to avoid the ambiguity."
    }
}
