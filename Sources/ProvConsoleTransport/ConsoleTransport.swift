import ProvClient
import ProvCrypto

/// The manual transport (`--transport console`): prints each request as esp_prov does and reads
/// the device's answer as hex typed or pasted by the user (PROTOCOL.md §4.3).
///
/// Useful when no BLE stack or network path reaches the device, but a serial console or another
/// tool does. The session id is always `0`, as esp_prov sends it.
public final class ConsoleTransport: ProvTransport, @unchecked Sendable {
    public let kind = TransportKind.console
    public var knownEndpoints: [String]? { get async { nil } }

    /// Where the transcript goes and where answers come from; injectable for tests.
    public struct IO: Sendable {
        public var write: @Sendable (String) -> Void
        public var readLine: @Sendable () -> String?

        public init(write: @escaping @Sendable (String) -> Void, readLine: @escaping @Sendable () -> String?) {
            self.write = write
            self.readLine = readLine
        }

        public static let standard = IO(
            write: { text in
                print(text, terminator: "")
                fflush(stdout)
            },
            readLine: { Swift.readLine(strippingNewline: true) })
    }

    private let io: IO
    /// Longest accepted answer: sec2 handshake replies are ~420 bytes, so ~840 hex digits.
    private let maxResponseBytes: Int

    public init(io: IO = .standard, maxResponseBytes: Int = 4096) {
        self.io = io
        self.maxResponseBytes = maxResponseBytes
    }

    public func exchange(_ endpoint: String, _ request: [UInt8]) async throws -> [UInt8] {
        io.write("Client->Device msg : \(endpoint) 0 \(hexString(request))\n")
        io.write("Enter device->client msg : ")
        guard let line = io.readLine() else {
            throw ProvError.transport("no answer for '\(endpoint)': input ended (EOF)")
        }
        guard !line.allSatisfy(\.isWhitespace) else {
            throw ProvError.transport("empty answer for '\(endpoint)': paste the device's reply as hex")
        }
        guard let bytes = bytes(fromHex: line) else {
            throw ProvError.transport(
                "the answer for '\(endpoint)' is not hex (use 0-9, a-f; an even number of digits)")
        }
        guard bytes.count <= maxResponseBytes else {
            throw ProvError.protocolViolation("the answer for '\(endpoint)' is \(bytes.count) bytes, more than any device sends")
        }
        return bytes
    }

    public func close() async {}
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
