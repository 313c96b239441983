/// The one secret a security scheme consumes, once the device has said which scheme it speaks:
/// what `CredentialCandidates.resolve(for:ask:note:)` returns and `SecurityPlan.makeScheme` takes,
/// so a scheme never sees a half-filled set of optionals.
public enum SecurityCredentials: Sendable, Equatable {
    /// Nothing to prove: security 0, or security 1 on a device that advertises `no_pop`.
    case none
    /// Security 1's proof of possession.
    case proofOfPossession(String)
    /// Security 2's SRP-6a login.
    case sec2(username: String, password: String)
}
