import ProvClient
import ProvCrypto

/// The manual transport (`--transport console`): prints each request as esp_prov does and reads
/// the device's answer as hex typed or pasted by the user (docs/protocol.md §4.3).
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
        return try HexAnswer.read(io.readLine(), for: endpoint, maxBytes: maxResponseBytes)
    }

    public func close() async {}
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
