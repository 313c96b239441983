import SwiftProtobuf

/// wifi_provisioning's `prov-config` and `prov-scan` messages are the Wi-Fi half of
/// network_provisioning's, field for field and value for value (docs/protocol.md §2.11). So the
/// device speaks one schema, network_provisioning's, for both generations: its answers are the same
/// bytes either way, and every request is read by one decoder.
enum SharedSchema {
    /// A network_provisioning request.
    static func decode<Message: SwiftProtobuf.Message>(_ bytes: [UInt8]) throws -> Message {
        do {
            return try Message(serializedBytes: bytes)
        } catch {
            throw RequestFailure.malformedMessage
        }
    }

    /// A wifi_provisioning request, parsed first as that generation's own message (`OwnSchema`) so a
    /// field it does not know is skipped exactly as its firmware skips it; only the fields it knows
    /// are carried over into network_provisioning's message.
    static func decode<Message: SwiftProtobuf.Message, OwnSchema: SwiftProtobuf.Message>(
        _ bytes: [UInt8], via ownSchema: OwnSchema.Type
    ) throws -> Message {
        var own: OwnSchema = try decode(bytes)
        own.unknownFields = UnknownStorage()
        let known: [UInt8] = (try? own.serializedBytes()) ?? []
        return try decode(known)
    }
}
