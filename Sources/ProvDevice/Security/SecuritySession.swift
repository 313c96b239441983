import ProvMessages

/// What security 1 and security 2 share (§3.1): one session id at a time, a two-command handshake on
/// `prov-session` that Command0 always restarts, and a cipher once Command1 succeeded. The scheme
/// (`Handshake`) decides only what its commands compute; the order of the steps and the checks around
/// them live here once, so both schemes refuse out-of-order or foreign requests the same way.
struct SecuritySession<Handshake: SessionHandshake>: SecurityScheme {
    private let handshake: Handshake
    private var sessionID: UInt32?
    private var state: State = .awaitingCommand0

    private enum State {
        case awaitingCommand0
        case awaitingCommand1(Handshake.Pending)
        case established(Handshake.Cipher)
    }

    init(_ handshake: Handshake) {
        self.handshake = handshake
    }

    mutating func openSession(_ id: UInt32) {
        sessionID = id
        state = .awaitingCommand0
    }

    mutating func closeSession(_ id: UInt32) {
        guard sessionID == id else { return }
        sessionID = nil
        state = .awaitingCommand0
    }

    mutating func handshake(session: UInt32, request: [UInt8]) throws -> HandshakeStep {
        guard sessionID == session else { throw RequestFailure.invalidSession }
        let data = try decodeSessionData(request, expectedVersion: Handshake.version)
        switch try Handshake.command(in: data) {
        case .command0(let command):
            guard let command else { throw RequestFailure.invalidSecurityParameters }
            // "Invalid state of session … Restarting session." (§3.1): Command0 always starts over.
            state = .awaitingCommand0
            let (pending, response) = try handshake.command0(command)
            state = .awaitingCommand1(pending)
            return HandshakeStep(response: encoded(response), established: false)
        case .command1(let command):
            guard case .awaitingCommand1(let pending) = state else { throw RequestFailure.invalidState }
            guard let command else { throw RequestFailure.invalidSecurityParameters }
            // A failure here (wrong PoP or password) leaves the session at "Cmd0 done".
            let (cipher, response) = try handshake.command1(command, after: pending)
            state = .established(cipher)
            return HandshakeStep(response: encoded(response), established: true)
        }
    }

    mutating func decrypt(session: UInt32, _ data: [UInt8]) throws -> [UInt8] {
        try withCipher(session: session) { try $0.open(data) }
    }

    mutating func encrypt(session: UInt32, _ data: [UInt8]) throws -> [UInt8] {
        try withCipher(session: session) { try $0.seal(data) }
    }

    /// Runs `body` on the established session's cipher and keeps the cipher's advanced state.
    private mutating func withCipher(session: UInt32, _ body: (inout Handshake.Cipher) throws -> [UInt8]) throws -> [UInt8] {
        guard sessionID == session else { throw RequestFailure.invalidSession }
        guard case .established(var cipher) = state else { throw RequestFailure.sessionNotEstablished }
        let output = try body(&cipher)
        state = .established(cipher)
        return output
    }
}

/// The scheme-specific half of a `SecuritySession`: how a scheme recognises its two commands and what
/// each computes. Every method throws `RequestFailure`.
protocol SessionHandshake: Sendable {
    associatedtype Command0
    associatedtype Command1
    /// What Command0 leaves for Command1 (keys, SRP state).
    associatedtype Pending: Sendable
    associatedtype Cipher: SessionCipher

    /// The `SessionData.sec_ver` the scheme requires.
    static var version: SecSchemeVersion { get }
    /// The command `data` carries: throws on another scheme's payload or an unknown `msg`; a nil
    /// command means the payload's oneof does not hold the command `msg` names.
    static func command(in data: SessionData) throws -> HandshakeCommand<Command0, Command1>
    func command0(_ command: Command0) throws -> (Pending, SessionData)
    func command1(_ command: Command1, after pending: Pending) throws -> (Cipher, SessionData)
}

/// Which of the two handshake commands a `prov-session` request is.
enum HandshakeCommand<Command0, Command1> {
    case command0(Command0?)
    case command1(Command1?)
}

/// An established session's protection of REQ endpoints; throws `RequestFailure`.
protocol SessionCipher: Sendable {
    mutating func open(_ data: [UInt8]) throws -> [UInt8]
    mutating func seal(_ data: [UInt8]) throws -> [UInt8]
}
