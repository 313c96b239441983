import SRP6a

/// The secrets a run was given for the security schemes; a nil field is asked for only when the
/// scheme the device needs uses it.
public struct SecurityCredentials: Sendable, Equatable {
    /// Security 1's proof of possession.
    public var proofOfPossession: String?
    /// Security 2's SRP-6a username.
    public var username: String?
    /// Security 2's SRP-6a password.
    public var password: String?

    /// Any subset: which ones are used depends on the device.
    public init(proofOfPossession: String? = nil, username: String? = nil, password: String? = nil) {
        self.proofOfPossession = proofOfPossession
        self.username = username
        self.password = password
    }
}

/// The scheme a run uses and, for security 2, the one retry that verifiers made by esp_prov need.
public struct SecuritySchemeChoice: Sendable {
    /// The scheme the handshake runs first.
    public var scheme: any SecurityScheme
    /// Run once more when the device rejects the proof under `scheme` (PROTOCOL.md §8.6).
    public var fallback: (any SecurityScheme)?
}

extension SecurityPlan {
    /// Builds the scheme this plan names from `credentials`, asking `ask` for a secret it needs
    /// but was not given. The one place that turns a plan into a scheme, so callers never reach
    /// into SRP-6a themselves; the sec2 password is encoded once, here.
    public func makeScheme(
        credentials: SecurityCredentials, ask: (SecretPrompt) async throws -> String, note: (String) -> Void = { _ in }
    ) async throws -> SecuritySchemeChoice {
        func given(_ value: String?, else prompt: SecretPrompt) async throws -> String {
            if let value, !value.isEmpty { return value }
            let answer = try await ask(prompt)
            guard !answer.isEmpty else { throw ProvError.emptySecret(prompt) }
            return answer
        }
        switch version {
        case .sec0:
            return SecuritySchemeChoice(scheme: Security0())
        case .sec1:
            var pop = ""
            if needsProofOfPossession {
                pop = try await given(credentials.proofOfPossession, else: .proofOfPossession)
            } else if credentials.proofOfPossession?.isEmpty == false {
                note("Proof of Possession will be ignored (the device advertises no_pop)")
            }
            return SecuritySchemeChoice(scheme: Security1(proofOfPossession: pop))
        case .sec2:
            let username = Array(try await given(credentials.username, else: .username).utf8)
            let password = Array(try await given(credentials.password, else: .password).utf8)
            let scheme = try Security2(username: username, password: password, advertisedIVMode: ivMode)
            guard SRPClient.innerDigestStartsWithZero(username: username, password: password) else {
                return SecuritySchemeChoice(scheme: scheme)
            }
            let fallback = try Security2(
                username: username, password: password, advertisedIVMode: ivMode, xDerivation: .espProvStripped)
            return SecuritySchemeChoice(scheme: scheme, fallback: fallback)
        }
    }
}
