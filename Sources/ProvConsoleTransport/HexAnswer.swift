import ProvClient
import ProvCrypto

/// A device reply typed or pasted by the user as hex: EOF, an empty line, a non-hex character or
/// an implausible size is a clear error, never a crash or a guess.
enum HexAnswer {
    static func read(_ line: String?, for endpoint: String, maxBytes: Int) throws -> [UInt8] {
        guard let line else {
            throw ProvError.transport(TransportFailure(.consoleAnswer(endpoint: endpoint, .inputEnded)))
        }
        guard !line.allSatisfy(\.isWhitespace) else {
            throw ProvError.transport(TransportFailure(.consoleAnswer(endpoint: endpoint, .empty)))
        }
        guard let bytes = bytes(fromHex: line) else {
            throw ProvError.transport(TransportFailure(.consoleAnswer(endpoint: endpoint, .notHex)))
        }
        guard bytes.count <= maxBytes else {
            throw ProvError.protocolViolation(ProtocolViolation(
                .tooLarge(endpoint: endpoint, size: bytes.count, limit: maxBytes, .consoleAnswer)))
        }
        return bytes
    }
}
