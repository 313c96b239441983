import ProvMessages
import SwiftProtobuf

/// Decodes a `prov-session` reply and checks what every scheme checks first: that it is a
/// `SessionData` for the scheme we speak. Anything else is a protocol violation.
func decodeSessionReply(_ bytes: [UInt8], expecting version: SecurityVersion) throws -> SessionData {
    let reply: SessionData
    do {
        reply = try SessionData(serializedBytes: bytes)
    } catch {
        throw ProvError.protocolViolation(ProtocolViolation(
            .notAMessage(endpoint: "prov-session", messageType: "SessionData", byteCount: bytes.count, encrypted: false)))
    }
    guard reply.secVer.rawValue == version.rawValue else {
        throw ProvError.authentication(AuthenticationFailure(.schemeMismatch(answered: reply.secVer.rawValue, speaking: version)))
    }
    return reply
}

/// Rejects a handshake response that carries a failure status.
func requireSuccess(_ status: Status, step: AuthenticationFailure.Step) throws {
    guard status == .success else {
        throw ProvError.authentication(AuthenticationFailure(.refused(step, status: status.rawValue)))
    }
}

/// Serialises a message the client built itself; failure here is a bug, not a device problem.
func encode(_ message: some SwiftProtobuf.Message) throws -> [UInt8] {
    do {
        return try message.serializedBytes()
    } catch {
        throw ProvError.internalError("could not encode \(type(of: message)): \(error)")
    }
}
