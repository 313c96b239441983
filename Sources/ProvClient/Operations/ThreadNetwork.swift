import ProvCrypto

/// A Thread network seen by the device's MLE discovery (`ThreadScanResult`, docs/protocol.md §2.11).
public struct ThreadNetwork: Sendable, Equatable {
    public let panID: UInt16
    public let channel: UInt32
    public let rssi: Int32
    public let lqi: UInt32
    /// The extended (MAC) address of the router that answered; 8 bytes.
    public let extendedAddress: [UInt8]
    /// Empty when the device did not learn it.
    public let networkName: String
    /// 8 bytes.
    public let extendedPanID: [UInt8]

    public init(
        panID: UInt16, channel: UInt32, rssi: Int32, lqi: UInt32, extendedAddress: [UInt8], networkName: String,
        extendedPanID: [UInt8]
    ) {
        self.panID = panID
        self.channel = channel
        self.rssi = rssi
        self.lqi = lqi
        self.extendedAddress = extendedAddress
        self.networkName = networkName
        self.extendedPanID = extendedPanID
    }

    /// `0x1234`, as Thread tools (ot-ctl, OTBR) show PAN IDs.
    public var panIDHex: String { "0x" + hexString([UInt8(panID >> 8), UInt8(panID & 0xff)]) }
    public var extendedPanIDHex: String { hexString(extendedPanID) }
    public var extendedAddressHex: String { hexString(extendedAddress) }
}
