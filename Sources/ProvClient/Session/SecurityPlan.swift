import ProvCrypto

/// The one place that decides which security scheme and sec2 IV mode a run uses, from what the
/// user asked for and what `proto-ver` says (PROTOCOL.md §1.3, §7, §8.1).
public struct SecurityPlan: Sendable, Equatable {
    public let version: SecurityVersion
    /// Why this scheme, for verbose output.
    public let reason: String
    /// For sec2: the IV mode `sec_patch_ver` implies (the nonce length is checked again later).
    public let ivMode: GCMIVMode
    /// For sec1: whether the device wants a PoP (it advertises `no_pop` when it does not).
    public let needsProofOfPossession: Bool

    public init(requested: SecurityVersion?, device info: DeviceInfo) throws {
        let advertised = info.securityVersion.flatMap(SecurityVersion.init(rawValue:))
        switch (requested, advertised) {
        case (let asked?, let device?) where asked != device:
            throw ProvError.usage(
                "--sec_ver \(asked.rawValue) was given, but the device uses security \(device.rawValue) "
                    + "(proto-ver sec_ver); pass --sec_ver \(device.rawValue) or leave it out")
        case (let asked?, _):
            version = asked
            reason = "from --sec_ver"
        case (nil, let device?):
            version = device
            reason = "from the device's proto-ver sec_ver"
        case (nil, nil):
            if info.has("no_sec") {
                version = .sec0
                reason = "device advertises no_sec"
            } else {
                version = .sec1
                reason = "device does not advertise sec_ver; assuming security 1 (pass --sec_ver to choose)"
            }
        }
        ivMode = (info.securityPatchVersion ?? 0) >= 1 ? .counter : .staticIV
        needsProofOfPossession = version == .sec1 && !info.has("no_pop")
    }
}
