import ProvCrypto

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

/// The network the device attached to (`ThreadAttachState`).
public struct ThreadAttachment: Sendable, Equatable {
    /// PAN ID of the joined network, to confirm it is the one asked for.
    public let panID: UInt32
    /// Extended PAN ID, 8 bytes.
    public let extendedPanID: [UInt8]
    /// Channel joined.
    public let channel: UInt32
    /// Network name joined.
    public let networkName: String

    /// Memberwise, for the status decoder and tests.
    public init(panID: UInt32, extendedPanID: [UInt8], channel: UInt32, networkName: String) {
        self.panID = panID
        self.extendedPanID = extendedPanID
        self.channel = channel
        self.networkName = networkName
    }

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
