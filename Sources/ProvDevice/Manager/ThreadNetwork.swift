import ProvMessages

/// The network_provisioning Thread state; like Wi-Fi, its initial value is "attaching".
enum ThreadState: Sendable, Equatable {
    case attaching
    case attached(ThreadAttachment)
    case failed(ThreadFailure)
}

/// The Thread half of network_provisioning's manager (docs/protocol.md §2.11): the reported state and the dataset
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
