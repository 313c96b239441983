/// Why a device gave up attaching to a Thread network (`ThreadAttachFailedReason`), one type for
/// both peers: the virtual device reports it in AttachingFailed, the client reads it.
public enum ThreadFailure: Sendable, Equatable {
    /// DatasetInvalid (0): OpenThread could not parse the dataset (reported at once, ApplyThreadConfig fails too).
    case datasetInvalid
    /// ThreadNetworkNotFound (1): nothing answered with that dataset within the device's attach timeout (NP: 20 s).
    case networkNotFound
    /// A reason newer than this client, kept as its number rather than dropped.
    case other(Int)
}
