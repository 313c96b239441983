/// The Thread network a device attached to (`ThreadAttachState`), one type for both peers: what
/// the virtual device reports and what the client reads from `GetThreadStatus`.
public struct ThreadAttachment: Sendable, Equatable {
    /// PAN ID of the joined network, to confirm it is the one asked for.
    public var panID: UInt32
    /// Extended PAN ID, 8 bytes.
    public var extendedPanID: [UInt8]
    /// Channel joined.
    public var channel: UInt32
    /// Network name joined.
    public var networkName: String

    public init(panID: UInt32, extendedPanID: [UInt8], channel: UInt32, networkName: String) {
        self.panID = panID
        self.extendedPanID = extendedPanID
        self.channel = channel
        self.networkName = networkName
    }
}
