/// What the caller holds before the device says which scheme it speaks: any subset, since a run
/// without a requested security version may be given both a PoP and a sec2 login and let
/// `proto-ver` pick. A QR payload's `pop` is both the sec1 PoP and the sec2 password (esp_prov),
/// so a caller reading one sets both fields from it. Its description never shows a secret.
public struct CredentialCandidates: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Security 1's proof of possession, if held.
    public var proofOfPossession: String?
    /// Security 2's SRP-6a username, if held.
    public var username: String?
    /// Security 2's SRP-6a password, if held.
    public var password: String?

    /// Holds nothing: every secret the device needs is asked for.
    public static let none = CredentialCandidates()

    /// Any subset: which ones are used depends on the device.
    public init(proofOfPossession: String? = nil, username: String? = nil, password: String? = nil) {
        self.proofOfPossession = proofOfPossession
        self.username = username
        self.password = password
    }

    /// Exactly one known credential, for callers that already know the scheme.
    public init(_ credentials: SecurityCredentials) {
        switch credentials {
        case .none: self.init()
        case .proofOfPossession(let pop): self.init(proofOfPossession: pop)
        case .sec2(let username, let password): self.init(username: username, password: password)
        }
    }

    /// The names of the secrets held (never their values), for logs.
    public var heldSecrets: [String] {
        [("pop", proofOfPossession), ("password", password)].filter { $0.1 != nil }.map(\.0)
    }

    /// Names the secrets held, never their values.
    public var description: String { "CredentialCandidates(held: [\(heldSecrets.joined(separator: ", "))])" }
    /// Same as `description`, so `dump` and debuggers cannot leak secrets either.
    public var debugDescription: String { description }

    /// The one credential `plan` needs, asking `ask` for a missing (or empty) half; a PoP given to
    /// a `no_pop` device is dropped with a `note`. The step between "what the caller holds" and
    /// "what the scheme consumes", so the interaction's prompts follow the scheme the device speaks.
    public func resolve(
        for plan: SecurityPlan, ask: (SecretPrompt) async throws -> String, note: (String) -> Void = { _ in }
    ) async throws -> SecurityCredentials {
        func given(_ value: String?, else prompt: SecretPrompt) async throws -> String {
            if let value, !value.isEmpty { return value }
            let answer = try await ask(prompt)
            guard !answer.isEmpty else { throw ProvError.emptySecret(prompt) }
            return answer
        }
        switch plan.version {
        case .sec0:
            return .none
        case .sec1:
            guard plan.needsProofOfPossession else {
                if proofOfPossession?.isEmpty == false {
                    note("Proof of Possession will be ignored (the device advertises no_pop)")
                }
                return .none
            }
            return .proofOfPossession(try await given(proofOfPossession, else: .proofOfPossession))
        case .sec2:
            let username = try await given(username, else: .username)
            return .sec2(username: username, password: try await given(password, else: .password))
        }
    }
}
