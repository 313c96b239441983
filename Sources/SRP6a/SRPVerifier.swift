/// Offline salt/verifier generation (`esp_prov --sec2_gen_cred`): the device stores s and v, never the password.
public enum SRPVerifier {
    /// A fresh random salt and its verifier. The salt's first byte is never zero, so its minimal encoding
    /// keeps the requested length (like esp_prov's salts) and both x variants hash the same salt bytes.
    /// - Returns: `verifier` in minimal big-endian form (usually 384 bytes, occasionally fewer), as esp_prov
    ///   prints it.
    public static func generate(
        username: [UInt8], password: [UInt8], saltLength: Int = 16, xDerivation: SRPXDerivation = .fullDigest
    ) throws -> (salt: [UInt8], verifier: [UInt8]) {
        guard saltLength > 0 else { throw SRPError.invalidLength("salt") }
        var salt = try Bytes.random(count: saltLength)
        while salt[0] == 0 {
            salt[0] = try Bytes.random(count: 1)[0]
        }
        let v = try verifier(username: username, password: password, salt: salt, xDerivation: xDerivation)
        return (salt, v)
    }

    /// v = g^x mod N for a given salt, in minimal big-endian form: what a device configured with these
    /// credentials stores.
    public static func verifier(
        username: [UInt8], password: [UInt8], salt: [UInt8], xDerivation: SRPXDerivation = .fullDigest
    ) throws -> [UInt8] {
        let digest = SRPXDerivation.credentialDigest(username: username, password: password)
        let x = xDerivation.privateKey(salt: salt, credentialDigest: digest)
        let context = BigNumContext()
        return context.modExp(SRPGroup.generatorNumber(), BigNum(secret: x), SRPGroup.primeNumber()).minimalBytes
    }
}
