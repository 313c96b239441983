/// Finds where one JSON-RPC message ends in OVSDB's byte stream. RFC 7047 sends JSON objects back
/// to back with no length or delimiter, so the only boundary is the closing brace of the
/// top-level object, found by tracking nesting outside strings. The scan resumes where it stopped,
/// so a message arriving in many pieces costs linear time, and a message that never ends is cut
/// off at `limit` bytes instead of growing without bound.
public struct JSONMessageFramer: Sendable {
    /// The most bytes one message may take: past it, `append` throws `oversized` instead of buffering on.
    public let limit: Int
    private var buffer: [UInt8] = []
    private var scanned = 0
    private var depth = 0
    private var inString = false
    private var escaped = false

    /// A framer at the start of a stream; 16 MiB is far above any VIF table OpenSync keeps.
    public init(limit: Int = 16 << 20) {
        self.limit = limit
    }

    /// Appends received bytes and returns every message they complete, in order.
    public mutating func append(_ bytes: some Collection<UInt8>) throws -> [[UInt8]] {
        buffer.append(contentsOf: bytes)
        var messages: [[UInt8]] = []
        while let message = try nextMessage() { messages.append(message) }
        if buffer.count > limit { throw OVSDBError.oversized(limit: limit) }
        return messages
    }

    /// True when bytes of an unfinished message are waiting (the peer closed mid-message).
    public var hasPartialMessage: Bool { buffer.contains { !Self.isWhitespace($0) } }

    private mutating func nextMessage() throws -> [UInt8]? {
        while scanned < buffer.count {
            let byte = buffer[scanned]
            scanned += 1
            if depth == 0 {
                if Self.isWhitespace(byte) { continue }
                guard byte == UInt8(ascii: "{") else {
                    throw OVSDBError.malformed("expected a JSON object, got byte 0x\(String(byte, radix: 16))")
                }
                depth = 1
                continue
            }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 {
                    let message = Array(buffer[..<scanned])
                    buffer.removeFirst(scanned)
                    scanned = 0
                    return message
                }
            default: break
            }
        }
        return nil
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
