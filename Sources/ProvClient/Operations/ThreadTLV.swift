/// The MeshCoP TLV types an Active Operational Dataset holds, and the size each must have
/// (Thread specification §8.10; the same checks OpenThread's `Dataset::IsTlvValid` makes, but exact
/// where the specification fixes a size, so a slip shows up here rather than on the device).
public enum ThreadTLV {
    /// Channel: page (1 byte) and channel (2 bytes).
    public static let channel: UInt8 = 0
    /// PAN ID, 2 bytes.
    public static let panID: UInt8 = 1
    /// Extended PAN ID, 8 bytes.
    public static let extendedPanID: UInt8 = 2
    /// Network Name, 1–16 bytes of UTF-8.
    public static let networkName: UInt8 = 3
    /// PSKc, 16 bytes; a secret like the network key.
    public static let pskc: UInt8 = 4
    /// Network Key, 16 bytes; the secret of the network.
    public static let networkKey: UInt8 = 5
    /// Mesh-Local Prefix, 8 bytes.
    public static let meshLocalPrefix: UInt8 = 7
    /// Security Policy, at least 3 bytes.
    public static let securityPolicy: UInt8 = 12
    /// Active Timestamp, 8 bytes; deliberately absent from datasets esp-prov builds.
    public static let activeTimestamp: UInt8 = 14
    /// Pending Timestamp, 8 bytes (pending datasets only).
    public static let pendingTimestamp: UInt8 = 51
    /// Delay Timer, 4 bytes (pending datasets only).
    public static let delayTimer: UInt8 = 52
    /// Channel Mask, a list of page/mask entries.
    public static let channelMask: UInt8 = 53

    /// What a device needs to find and join a network.
    public static let mandatory: [UInt8] = [channel, panID, extendedPanID, networkKey]

    private static let names: [UInt8: String] = [
        channel: "Channel", panID: "PAN ID", extendedPanID: "Extended PAN ID", networkName: "Network Name",
        pskc: "PSKc", networkKey: "Network Key", meshLocalPrefix: "Mesh-Local Prefix", securityPolicy: "Security Policy",
        activeTimestamp: "Active Timestamp", pendingTimestamp: "Pending Timestamp", delayTimer: "Delay Timer",
        channelMask: "Channel Mask",
    ]

    /// "Network Key (type 5)", or "type 99" for types this table does not know.
    public static func name(_ type: UInt8) -> String {
        names[type].map { "\($0) (type \(type))" } ?? "type \(type)"
    }

    /// The allowed value lengths, described for messages; nil for types without a fixed rule.
    static func lengthRule(_ type: UInt8) -> (allowed: ClosedRange<Int>, text: String)? {
        switch type {
        case channel: return (3...3, "3 (channel page + 16-bit channel)")
        case panID: return (2...2, "2")
        case extendedPanID: return (8...8, "8")
        case networkName: return (1...16, "1 to 16")
        case pskc, networkKey: return (16...16, "16")
        case meshLocalPrefix: return (8...8, "8")
        case securityPolicy: return (3...255, "at least 3")
        case activeTimestamp, pendingTimestamp: return (8...8, "8")
        case delayTimer: return (4...4, "4")
        default: return nil
        }
    }
}
