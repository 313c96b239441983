import ProvCrypto
import ProvMessages

/// Where the device's Thread attach stands, as `GetThreadStatus` reports it (docs/protocol.md §2.11).
/// network_provisioning reports state 1 (attaching) also before any apply, and never sends state 2
/// ("Dettached": its internal DETACHED goes out as AttachingFailed + reason).
/// Why it gave up: ProvMessages' `ThreadFailure`, shared with the virtual device.
public typealias ThreadStatus = NetworkStatus<ThreadAttachment, ThreadFailure>

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
