import ProvCrypto

/// A Thread network seen by the device's MLE discovery (`ThreadScanResult`, docs/protocol.md §2.11).
public struct ThreadNetwork: Sendable, Equatable {
    /// The 16-bit PAN ID, shown so the user can pick the right network.
    public let panID: UInt16
    /// Channel 11–26; goes into the dataset built for this network.
    public let channel: UInt32
    /// dBm as the device measured it, for the choice table.
    public let rssi: Int32
    /// Link quality indicator, shown as esp_prov shows it.
    public let lqi: UInt32
    /// The extended (MAC) address of the router that answered; 8 bytes.
    public let extendedAddress: [UInt8]
    /// Empty when the device did not learn it.
    public let networkName: String
    /// 8 bytes.
    public let extendedPanID: [UInt8]

    /// Memberwise, for the scan decoder and tests.
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
    /// 16 hex digits, as Thread tools show it.
    public var extendedPanIDHex: String { hexString(extendedPanID) }
    /// 16 hex digits, as Thread tools show it.
    public var extendedAddressHex: String { hexString(extendedAddress) }
}
