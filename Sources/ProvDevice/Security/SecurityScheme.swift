import ProvMessages
import SwiftProtobuf

/// One protocomm security scheme instance: a single session at a time (§3.1), the `prov-session`
/// handshake, and the protection of every REQ endpoint.
///
/// Every method throws `RequestFailure`; the device turns any throw into "no response".
protocol SecurityScheme: Sendable {
    /// `new_transport_session`: replaces the current session (if any) with a fresh one.
    mutating func openSession(_ id: UInt32)
    /// `close_transport_session`: forgets the session if it is the current one, otherwise does nothing.
    mutating func closeSession(_ id: UInt32)
    /// Handles one `prov-session` request.
    mutating func handshake(session: UInt32, request: [UInt8]) throws -> HandshakeStep
    mutating func decrypt(session: UInt32, _ data: [UInt8]) throws -> [UInt8]
    mutating func encrypt(session: UInt32, _ data: [UInt8]) throws -> [UInt8]
}

/// The answer to one handshake request, and whether it completed the handshake.
struct HandshakeStep: Sendable {
    var response: [UInt8]
    var established: Bool
}

extension SecurityScheme {
    /// Decodes `SessionData` and applies the checks common to sec1 and sec2 (§3.1): decodable,
    /// `sec_ver` equal to the scheme.
    func decodeSessionData(_ request: [UInt8], expectedVersion: SecSchemeVersion) throws -> SessionData {
        let data: SessionData
        do {
            data = try SessionData(serializedBytes: request)
        } catch {
            throw RequestFailure.malformedMessage
        }
        guard data.secVer == expectedVersion else { throw RequestFailure.securityVersionMismatch }
        return data
    }
}

/// Serialises a device message; our own messages always encode.
func encoded(_ message: some SwiftProtobuf.Message) -> [UInt8] {
    // swift-protobuf only fails to encode messages with missing required fields (proto2); these are proto3.
    (try? message.serializedBytes()) ?? []
}
