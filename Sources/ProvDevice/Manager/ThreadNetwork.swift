/// Why a Thread attach failed (`ThreadAttachFailedReason`).
public enum ThreadFailureReason: Int, Sendable, Equatable {
    case datasetInvalid = 0
    case networkNotFound = 1
}

/// What GetThreadStatus reports once attached (`ThreadAttachState`).
public struct ThreadAttachment: Sendable, Equatable {
    public var panID: UInt32
    public var extPanID: [UInt8]
    public var channel: UInt32
    public var name: String
}

/// The network_provisioning Thread state; like Wi-Fi, its initial value is "attaching".
enum ThreadState: Sendable, Equatable {
    case attaching
    case attached(ThreadAttachment)
    case failed(ThreadFailureReason)
}

/// The Thread half of network_provisioning's manager (§2.11): the reported state and the dataset
/// SetThreadConfig stored.
struct ThreadNetwork: Sendable {
    /// Operational datasets are at most 254 bytes of TLVs.
    static let maxDatasetLength = 254

    var state: ThreadState = .attaching
    private(set) var pendingDataset: [UInt8]?

    /// SetThreadConfig: stores the dataset unparsed (it is parsed on apply); false when it is too long.
    mutating func store(_ dataset: [UInt8]) -> Bool {
        guard dataset.count <= Self.maxDatasetLength else { return false }
        pendingDataset = dataset
        return true
    }

    /// ApplyThreadConfig consumes the stored dataset, whether or not it then succeeds.
    mutating func takePending() -> [UInt8]? {
        defer { pendingDataset = nil }
        return pendingDataset
    }
}
