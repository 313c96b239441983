import ProvCrypto

/// Where the device's Thread attach stands, as `GetThreadStatus` reports it (docs/protocol.md §2.11).
public enum ThreadStatus: Sendable, Equatable {
    case attaching
    case attached(ThreadAttachment)
    /// State 2 ("Dettached"), which network_provisioning never sends (its internal DETACHED goes out
    /// as AttachingFailed + reason); treated as a failure without a reason.
    case detached
    case failed(ThreadFailure)
}

/// Why the device gave up attaching (`ThreadAttachFailedReason`).
public enum ThreadFailure: Sendable, Equatable {
    /// OpenThread could not parse the dataset (reported at once, ApplyThreadConfig fails too).
    case datasetInvalid
    /// Nothing answered with that dataset within the device's attach timeout (NP: 20 s).
    case networkNotFound
    case other(Int)
}

/// The network the device attached to (`ThreadAttachState`).
public struct ThreadAttachment: Sendable, Equatable {
    public let panID: UInt32
    public let extendedPanID: [UInt8]
    public let channel: UInt32
    public let networkName: String

    public init(panID: UInt32, extendedPanID: [UInt8], channel: UInt32, networkName: String) {
        self.panID = panID
        self.extendedPanID = extendedPanID
        self.channel = channel
        self.networkName = networkName
    }

    public var panIDHex: String { "0x" + String(panID, radix: 16).leftPadded(to: 4) }
    public var extendedPanIDHex: String { hexString(extendedPanID) }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
