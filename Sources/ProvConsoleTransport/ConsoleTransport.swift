import ProvClient
import ProvCrypto

/// The manual transport (`--transport console`): prints each request as esp_prov does and reads
/// the device's answer as hex typed or pasted by the user (docs/protocol.md §4.3).
///
/// Useful when no BLE stack or network path reaches the device, but a serial console or another
/// tool does. The session id is always `0`, as esp_prov sends it.
public final class ConsoleTransport: ProvTransport, Sendable {
    /// Reported as console so scan paging and messages match esp_prov's console mode.
    public let kind = TransportKind.console
    /// Unknown: nothing can be listed without asking the user.
    public var knownEndpoints: [String]? { get async { nil } }

    /// Where the transcript goes and where answers come from; injectable for tests.
    public struct IO: Sendable {
        /// Receives the transcript text (no newline added), so tests can capture it.
        public var write: @Sendable (String) -> Void
        /// Supplies one typed answer; nil at end of input ends the run with an error instead of hanging.
        public var readLine: @Sendable () -> String?

        /// Both halves injectable, so tests drive the transport without a terminal.
        public init(write: @escaping @Sendable (String) -> Void, readLine: @escaping @Sendable () -> String?) {
            self.write = write
            self.readLine = readLine
        }

        /// The terminal: stdout flushed after every prompt so the user sees it before typing.
        public static let standard = IO(
            write: { text in
                print(text, terminator: "")
                fflush(nil)  // every output stream, stdout included: the global `stdout` is not concurrency-safe
            },
            readLine: { Swift.readLine(strippingNewline: true) })
    }

    private let io: IO
    /// Longest accepted answer: sec2 handshake replies are ~420 bytes, so ~840 hex digits.
    private let maxResponseBytes: Int

    /// `maxResponseBytes` bounds what a paste may hold, so a runaway paste cannot exhaust memory.
    public init(io: IO = .standard, maxResponseBytes: Int = 4096) {
        self.io = io
        self.maxResponseBytes = maxResponseBytes
    }

    /// Prints the request as esp_prov does and reads the answer as hex.
    public func exchange(_ endpoint: String, _ request: [UInt8]) async throws -> [UInt8] {
        io.write("Client->Device msg : \(endpoint) 0 \(hexString(request))\n")
        io.write("Enter device->client msg : ")
        return try HexAnswer.read(io.readLine(), for: endpoint, maxBytes: maxResponseBytes)
    }

    /// Nothing to release: the user owns the other end.
    public func close() async {}
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
