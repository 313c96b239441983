import ProvCrypto
import ProvMessages

/// Where the device's Thread attach stands, as `GetThreadStatus` reports it (docs/protocol.md §2.11).
/// network_provisioning reports state 1 (attaching) also before any apply, and never sends state 2
/// ("Dettached": its internal DETACHED goes out as AttachingFailed + reason).
public typealias ThreadStatus = NetworkStatus<ThreadAttachment, ThreadFailure>

/// Why the device gave up attaching (`ThreadAttachFailedReason`).
public enum ThreadFailure: Sendable, Equatable {
    /// OpenThread could not parse the dataset (reported at once, ApplyThreadConfig fails too).
    case datasetInvalid
    /// Nothing answered with that dataset within the device's attach timeout (NP: 20 s).
    case networkNotFound
    /// A reason newer than this client, kept as its number rather than dropped.
    case other(Int)
}

/// The network the device attached to (ProvMessages' `ThreadAttachment`, shared with the virtual
/// device), as people read it.
extension ThreadAttachment {
    /// `0x1234`, as Thread tools show PAN IDs.
    public var panIDHex: String { "0x" + String(panID, radix: 16).leftPadded(to: 4) }
    /// 16 hex digits.
    public var extendedPanIDHex: String { hexString(extendedPanID) }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
