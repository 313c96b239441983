import ProvClient

/// `esp-prov qr --security N` must describe a device that can exist: a label whose scheme contradicts
/// its credentials sends every phone app (and `esp-prov --qr`) into a handshake that cannot work.
enum QRSchemeCheck {
    /// `secret` is the PoP (security 1) or the password (security 2), as the payload's `pop`.
    static func check(security: Int?, username: String?, secret: String?) throws {
        switch security {
        case 0?:
            if username != nil || secret != nil {
                throw ProvError.usage("--security 0 has no credentials: drop --pop / --username / --password, or choose --security 1 or 2")
            }
        case 1?:
            if username != nil {
                throw ProvError.usage("--security 1 takes a PoP, not a username: use --pop, or --security 2 for --username/--password")
            }
        case 2?:
            if username == nil || secret == nil {
                throw ProvError.usage("--security 2 needs --username and --password (or --password_file, ESP_PROV_SEC2_PWD)")
            }
        default:
            break
        }
    }
}
