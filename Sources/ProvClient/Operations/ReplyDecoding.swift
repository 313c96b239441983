import SwiftProtobuf

/// Decodes a decrypted reply, turning garbage into a protocol error that names the endpoint.
/// With sec1 there is no integrity check, so a desynchronised keystream surfaces here.
func decodeReply<Message: SwiftProtobuf.Message>(_ bytes: [UInt8], as type: Message.Type, from endpoint: String) throws -> Message {
    do {
        return try Message(serializedBytes: bytes)
    } catch {
        throw ProvError.protocolViolation(ProtocolViolation(
            .notAMessage(endpoint: endpoint, messageType: Message.protoMessageName, byteCount: bytes.count, encrypted: true)))
    }
}

/// Devices answer command `n` with message type `n + 1` (docs/protocol.md §2.1).
func requireReplyType(_ got: Int, answering sent: Int, endpoint: String) throws {
    guard got == sent + 1 else {
        throw ProvError.protocolViolation(ProtocolViolation(.wrongReplyType(endpoint: endpoint, sent: sent, got: got)))
    }
}
