/// WPS `config_error` numbers (docs/onboarding.md §3) as words, so a failure says what went wrong
/// instead of a number the user has to look up.
public enum WPSConfigError {
    /// Device password authentication failure: the PIN was wrong (docs/onboarding.md §3).
    public static let wrongPin = 18
    /// The AP locked WPS after repeated failures.
    public static let setupLocked = 15
    /// Two push-button sessions at once: refused, it may be an attack.
    public static let multiplePushButtonSessions = 12

    /// Words for a `config_error` number, so a failure names its cause.
    public static func text(_ code: Int) -> String {
        switch code {
        case 0: return "no error reported"
        case 2: return "decryption CRC failure"
        case 6: return "network authentication failure"
        case 7: return "association failure"
        case 11: return "no connection to the registrar"
        case 12: return "multiple push-button sessions"
        case 13: return "rogue activity suspected"
        case 14: return "device busy"
        case 15: return "setup locked"
        case 16: return "message timeout"
        case 17: return "registration session timeout"
        case 18: return "device password authentication failure (wrong PIN)"
        case 20: return "public key hash mismatch"
        default: return "config_error \(code)"
        }
    }
}
