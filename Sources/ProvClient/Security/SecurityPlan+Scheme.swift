import SRP6a

/// The scheme a run uses and, for security 2, the one retry that verifiers made by esp_prov need.
public struct SecuritySchemeChoice: Sendable {
    /// The scheme the handshake runs first.
    public var scheme: any SecurityScheme
    /// Run once more when the device rejects the proof under `scheme` (docs/protocol.md §8.6).
    public var fallback: (any SecurityScheme)?
}

extension SecurityPlan {
    /// Builds the scheme this plan names from the credential resolved for it
    /// (`CredentialCandidates.resolve(for:ask:note:)`). The one place that turns a plan into a
    /// scheme, so callers never reach into SRP-6a themselves; the sec2 login is UTF-8-encoded
    /// once, here, for the scheme, its fallback and the fallback check alike.
    public func makeScheme(_ credentials: SecurityCredentials) throws -> SecuritySchemeChoice {
        switch (version, credentials) {
        case (.sec0, .none):
            return SecuritySchemeChoice(scheme: Security0())
        case (.sec1, .none):
            return SecuritySchemeChoice(scheme: Security1(proofOfPossession: ""))
        case (.sec1, .proofOfPossession(let pop)):
            return SecuritySchemeChoice(scheme: Security1(proofOfPossession: pop))
        case (.sec2, .sec2(let username, let password)):
            let username = Array(username.utf8)
            let password = Array(password.utf8)
            let scheme = try Security2(username: username, password: password, advertisedIVMode: ivMode)
            guard SRPClient.innerDigestStartsWithZero(username: username, password: password) else {
                return SecuritySchemeChoice(scheme: scheme)
            }
            let fallback = try Security2(
                username: username, password: password, advertisedIVMode: ivMode, xDerivation: .espProvStripped)
            return SecuritySchemeChoice(scheme: scheme, fallback: fallback)
        default:
            throw ProvError.internalError("\(version) cannot use credentials of another scheme")
        }
    }

    /// Resolves `candidates` for this plan (asking for what is missing) and builds the scheme:
    /// what a provisioning run does between reading `proto-ver` and the handshake.
    public func makeScheme(
        from candidates: CredentialCandidates, ask: (SecretPrompt) async throws -> String, note: (String) -> Void = { _ in }
    ) async throws -> SecuritySchemeChoice {
        try makeScheme(try await candidates.resolve(for: self, ask: ask, note: note))
    }
}
