import ProvMessages

/// Security 0 (§3.2): one plaintext round trip, no session tracking, identity encryption.
/// The device checks only `sec_ver` (not the oneof) and always answers `S0SessionResp{Success}`.
struct SecuritySession0: SecurityScheme {
    mutating func openSession(_ id: UInt32) {}
    mutating func closeSession(_ id: UInt32) {}

    mutating func handshake(session: UInt32, request: [UInt8]) throws -> HandshakeStep {
        _ = try decodeSessionData(request, expectedVersion: .secScheme0)
        var response = SessionData()
        response.secVer = .secScheme0
        response.sec0.msg = .s0SessionResponse
        response.sec0.sr = S0SessionResp()
        return HandshakeStep(response: encoded(response), established: true)
    }

    mutating func decrypt(session: UInt32, _ data: [UInt8]) throws -> [UInt8] { data }
    mutating func encrypt(session: UInt32, _ data: [UInt8]) throws -> [UInt8] { data }
}
