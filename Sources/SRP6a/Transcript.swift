/// The hashes both sides derive from the exchanged values and the shared secret. Byte widths matter here:
/// u pads A and B to |N|, while the proofs hash A and B exactly as they travelled on the wire.
enum SRPTranscript {
    /// u = H(PAD(A) ‖ PAD(B)).
    static func scramblingParameter(clientPublicKey: [UInt8], serverPublicKey: [UInt8]) -> [UInt8] {
        Hash.sha512(SRPGroup.pad(clientPublicKey), SRPGroup.pad(serverPublicKey))
    }

    /// K = H(bytes(S)), S unpadded.
    static func sessionKey(premasterSecret: SecretBytes) -> [UInt8] {
        var premaster = premasterSecret.bytes
        defer { Bytes.wipe(&premaster) }
        return Hash.sha512(premaster)
    }

    /// M1 = H((H(N) XOR H(PAD(g))) ‖ H(I) ‖ s ‖ A_wire ‖ B_wire ‖ K).
    static func clientProof(
        username: [UInt8], salt: [UInt8], clientPublicKey: [UInt8], serverPublicKey: [UInt8], sessionKey: [UInt8]
    ) -> [UInt8] {
        Hash.sha512(SRPGroup.proofPrefix, Hash.sha512(username), salt, clientPublicKey, serverPublicKey, sessionKey)
    }

    /// K, M1 and M2 from the premaster secret: the same three steps on both sides, written once.
    static func keyAndProofs(
        premasterSecret: SecretBytes, username: [UInt8], salt: [UInt8], clientPublicKey: [UInt8], serverPublicKey: [UInt8]
    ) -> (sessionKey: [UInt8], clientProof: [UInt8], serverProof: [UInt8]) {
        let key = sessionKey(premasterSecret: premasterSecret)
        let m1 = clientProof(
            username: username, salt: salt, clientPublicKey: clientPublicKey, serverPublicKey: serverPublicKey, sessionKey: key)
        return (key, m1, serverProof(clientPublicKey: clientPublicKey, clientProof: m1, sessionKey: key))
    }

    /// M2 = H(A_wire ‖ M1 ‖ K).
    static func serverProof(clientPublicKey: [UInt8], clientProof: [UInt8], sessionKey: [UInt8]) -> [UInt8] {
        Hash.sha512(clientPublicKey, clientProof, sessionKey)
    }
}
