/// Why a Thread dataset (or the network key to build one) was refused before anything was sent.
///
/// Each case says exactly where and what is wrong, so a user can fix a hand-edited or truncated
/// `--dataset_tlvs` without guessing. Offsets count bytes of the decoded TLVs from 0. No case
/// carries TLV values, so a message can never leak the network key.
public enum ThreadDatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No dataset at all: an empty string was given.
    case empty
    /// `position` counts characters of the (trimmed) text from 1.
    case notHex(position: Int, character: Character)
    /// Hex text cannot end in half a byte; usually a truncated copy.
    case oddHexLength(digits: Int)
    /// More than the device's 254-byte buffer would take.
    case tooLong(bytes: Int)
    /// The last byte starts a TLV but there is no length byte after it.
    case truncatedHeader(offset: Int, type: UInt8)
    /// A TLV announces more bytes than remain: the dataset was cut short.
    case truncatedValue(offset: Int, type: UInt8, declared: Int, available: Int)
    /// Length 0xFF announces MeshCoP's extended form, which OpenThread refuses in datasets.
    case extendedLength(offset: Int, type: UInt8)
    /// A TLV whose size the specification fixes has another (`expected` says which).
    case wrongLength(offset: Int, type: UInt8, length: Int, expected: String)
    /// Channel TLV outside page 0, channels 11–26: the device would never find a network.
    case invalidChannel(offset: Int, page: UInt8, channel: UInt16)
    /// Network Name that is not valid UTF-8 (its length is checked as `wrongLength`).
    case invalidNetworkName(offset: Int)
    /// Channel Mask TLV whose page/length entries run past the TLV's end.
    case malformedChannelMask(offset: Int)
    /// The same TLV twice; OpenThread refuses such datasets.
    case duplicate(type: UInt8, first: Int, second: Int)
    /// TLVs joining needs (channel, PAN ID, extended PAN ID, network key) that are absent.
    case missing([UInt8])
    /// The network key typed or given is not 16 bytes of hex (`detail` says how).
    case invalidNetworkKey(String)
    /// A scanned network whose report cannot make a dataset (e.g. a channel outside 11–26).
    case unusableNetwork(String)

    /// Says where (byte offset, TLV type) and what to fix, never a value.
    public var description: String {
        switch self {
        case .empty:
            return "the dataset is empty"
        case .notHex(let position, let character):
            return "not hex: character \(position) is '\(character)' (expected 0-9, a-f)"
        case .oddHexLength(let digits):
            return "\(digits) hex digits is an odd number: a digit is missing or extra"
        case .tooLong(let bytes):
            return "the dataset is \(bytes) bytes; a Thread dataset holds at most \(ThreadOperationalDataset.maxLength)"
        case .truncatedHeader(let offset, let type):
            return "the dataset is truncated: the \(ThreadTLV.name(type)) TLV at offset \(offset) has no length byte"
        case .truncatedValue(let offset, let type, let declared, let available):
            return "the dataset is truncated: the \(ThreadTLV.name(type)) TLV at offset \(offset) declares \(declared) "
                + "bytes but only \(available) remain"
        case .extendedLength(let offset, let type):
            return "the \(ThreadTLV.name(type)) TLV at offset \(offset) has length 0xFF (the extended form), "
                + "which Thread datasets do not allow"
        case .wrongLength(let offset, let type, let length, let expected):
            return "the \(ThreadTLV.name(type)) TLV at offset \(offset) is \(length) bytes long; it must be \(expected)"
        case .invalidChannel(let offset, let page, let channel):
            return "the Channel TLV at offset \(offset) names page \(page) channel \(channel); "
                + "Thread uses channel page 0, channels 11-26"
        case .invalidNetworkName(let offset):
            return "the Network Name TLV at offset \(offset) is not UTF-8 text"
        case .malformedChannelMask(let offset):
            return "the Channel Mask TLV at offset \(offset) is malformed (its entries do not add up to its length)"
        case .duplicate(let type, let first, let second):
            return "the \(ThreadTLV.name(type)) TLV appears twice (offsets \(first) and \(second))"
        case .missing(let types):
            let names = types.map(ThreadTLV.name).joined(separator: ", ")
            return "the dataset lacks mandatory TLVs: \(names) (a device needs channel, PAN ID, "
                + "extended PAN ID and network key to join)"
        case .invalidNetworkKey(let detail):
            return "invalid Thread network key: \(detail)"
        case .unusableNetwork(let detail):
            return "cannot build a dataset for this network: \(detail)"
        }
    }
}
