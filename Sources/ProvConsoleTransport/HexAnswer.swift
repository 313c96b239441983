import ProvClient
import ProvCrypto

/// A device reply typed or pasted by the user as hex: EOF, an empty line, a non-hex character or
/// an implausible size is a clear error, never a crash or a guess.
enum HexAnswer {
    static func read(_ line: String?, for endpoint: String, maxBytes: Int) throws -> [UInt8] {
        guard let line else {
            throw ProvError.transport("no answer for '\(endpoint)': input ended (EOF)")
        }
        guard !line.allSatisfy(\.isWhitespace) else {
            throw ProvError.transport("empty answer for '\(endpoint)': paste the device's reply as hex")
        }
        guard let bytes = bytes(fromHex: line) else {
            throw ProvError.transport("the answer for '\(endpoint)' is not hex (use 0-9, a-f; an even number of digits)")
        }
        guard bytes.count <= maxBytes else {
            throw ProvError.protocolViolation("the answer for '\(endpoint)' is \(bytes.count) bytes, more than any device sends")
        }
        return bytes
    }
}
