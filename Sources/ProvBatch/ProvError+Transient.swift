import ProvClient

/// The batch retry policy, kept next to the error type it classifies.
extension ProvError {
    /// Whether trying the same device again could succeed: the link failed, a deadline passed, or
    /// the outcome was lost. Wrong credentials, a wrong Wi-Fi password, a missing network or a
    /// protocol error would only fail again (and retrying credentials can lock a device out).
    public var isTransient: Bool {
        if case .outcomeUnknown = self { return true }
        return meansDeviceUnreachable
    }
}
