import ProvCrypto

/// A Thread Active Operational Dataset as MeshCoP TLVs: what `CmdSetThreadConfig` carries
/// (docs/protocol.md §2.11), checked once so a bad one never reaches the device.
///
/// The checks are those OpenThread makes when network_provisioning parses the dataset on
/// ApplyThreadConfig (no extended lengths, no truncation, no duplicates, known TLVs at their
/// sizes, channel page 0 / channels 11–26), plus what joining needs: channel, PAN ID, extended PAN ID
/// and network key. A device refusing a dataset only says "Invalid Dataset"; this says which byte.
///
/// The TLVs hold the network key: `description` shows the public parts only, and no event or
/// error ever carries `tlvs`.
public struct ThreadOperationalDataset: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The most a dataset may hold (`OT_OPERATIONAL_DATASET_MAX_LENGTH`, NP's `dataset` field).
    public static let maxLength = 254

    /// The bytes sent to the device. Secret (they contain the network key).
    public let tlvs: [UInt8]
    /// Channel from the Channel TLV, for reports (public, not secret).
    public let channel: UInt16
    /// PAN ID, for reports and to match the network the device attaches to.
    public let panID: UInt16
    /// 8 bytes, for reports and matching.
    public let extendedPanID: [UInt8]
    /// Network Name when the dataset has one.
    public let networkName: String?
    /// TLV types in dataset order (public metadata for reports).
    public let tlvTypes: [UInt8]

    /// Validates `tlvs`.
    public init(tlvs: [UInt8]) throws(ThreadDatasetError) {
        guard !tlvs.isEmpty else { throw .empty }
        guard tlvs.count <= Self.maxLength else { throw .tooLong(bytes: tlvs.count) }
        var values: [UInt8: (offset: Int, value: ArraySlice<UInt8>)] = [:]
        var types: [UInt8] = []
        var offset = 0
        while offset < tlvs.count {
            let type = tlvs[offset]
            guard offset + 1 < tlvs.count else { throw .truncatedHeader(offset: offset, type: type) }
            let length = Int(tlvs[offset + 1])
            guard length != 0xff else { throw .extendedLength(offset: offset, type: type) }
            let available = tlvs.count - offset - 2
            guard length <= available else {
                throw .truncatedValue(offset: offset, type: type, declared: length, available: available)
            }
            let value = tlvs[(offset + 2)..<(offset + 2 + length)]
            if let earlier = values[type] { throw .duplicate(type: type, first: earlier.offset, second: offset) }
            try Self.check(type: type, value: value, offset: offset)
            values[type] = (offset, value)
            types.append(type)
            offset += 2 + length
        }
        let missing = ThreadTLV.mandatory.filter { values[$0] == nil }
        guard missing.isEmpty, let channel = values[ThreadTLV.channel]?.value, let pan = values[ThreadTLV.panID]?.value,
              let extendedPanID = values[ThreadTLV.extendedPanID]?.value
        else { throw .missing(missing) }
        self.tlvs = tlvs
        self.channel = UInt16(channel[channel.startIndex + 1]) << 8 | UInt16(channel[channel.startIndex + 2])
        self.panID = UInt16(pan[pan.startIndex]) << 8 | UInt16(pan[pan.startIndex + 1])
        self.extendedPanID = Array(extendedPanID)
        self.networkName = values[ThreadTLV.networkName].flatMap { String(validating: $0.value, as: UTF8.self) }
        self.tlvTypes = types
    }

    /// Tests only: the bytes as given, unchecked, to see what a device does with a dataset esp-prov
    /// itself would never send. The summary fields are left empty.
    init(uncheckedTLVs tlvs: [UInt8]) {
        self.tlvs = tlvs
        channel = 0
        panID = 0
        extendedPanID = []
        networkName = nil
        tlvTypes = []
    }

    /// Parses the hex form (`ot-ctl dataset active -x`, esp_prov's `--dataset_tlvs`): surrounding
    /// white space and a `0x` prefix are allowed, as are spaces or line breaks between digits.
    public init(hex text: String) throws(ThreadDatasetError) {
        try self.init(tlvs: try Self.decodeHex(text))
    }

    /// The minimal dataset that joins a scanned network, in OpenThread's TLV order: Channel, Extended
    /// PAN ID, Network Key, Network Name (when the scan reported one), PAN ID.
    ///
    /// The PAN ID is always two bytes, big-endian (esp_prov's hex arithmetic drops a byte below 0x100),
    /// and no Active Timestamp is added on purpose: without one OpenThread treats the dataset as
    /// partial, joins the existing partition and takes the complete dataset from its leader, and never
    /// forms a partition of its own with these few fields (`MleRouter::BecomeLeader` refuses a
    /// partially complete dataset). A made-up timestamp would lift that protection.
    public init(joining network: ThreadNetwork, networkKey: [UInt8]) throws(ThreadDatasetError) {
        guard networkKey.count == 16 else { throw .invalidNetworkKey("it must be 16 bytes, got \(networkKey.count)") }
        guard (11...26).contains(network.channel) else {
            throw .unusableNetwork("channel \(network.channel) is outside 11-26")
        }
        guard network.extendedPanID.count == 8 else {
            throw .unusableNetwork("its extended PAN ID is \(network.extendedPanID.count) bytes, not 8")
        }
        var tlvs: [UInt8] = [ThreadTLV.channel, 3, 0, 0, UInt8(network.channel)]
        tlvs += [ThreadTLV.extendedPanID, 8] + network.extendedPanID
        tlvs += [ThreadTLV.networkKey, 16] + networkKey
        let name = Array(network.networkName.utf8)
        if (1...16).contains(name.count) { tlvs += [ThreadTLV.networkName, UInt8(name.count)] + name }
        tlvs += [ThreadTLV.panID, 2, UInt8(network.panID >> 8), UInt8(network.panID & 0xff)]
        try self.init(tlvs: tlvs)
    }

    /// A network key as typed: 32 hex digits (16 bytes), optionally with a `0x` prefix.
    public static func networkKey(fromHex text: String) throws(ThreadDatasetError) -> [UInt8] {
        let key: [UInt8]
        do {
            key = try decodeHex(text)
        } catch .empty {
            throw .invalidNetworkKey("nothing was entered (expected 32 hex digits)")
        } catch .notHex(let position, _) {
            throw .invalidNetworkKey("character \(position) is not a hex digit (expected 32 hex digits)")
        } catch {
            throw .invalidNetworkKey("expected 32 hex digits (16 bytes)")
        }
        guard key.count == 16 else { throw .invalidNetworkKey("expected 32 hex digits (16 bytes), got \(key.count * 2)") }
        return key
    }

    /// What may be shown of the dataset: everything but the keys.
    public var summary: ThreadDatasetSummary {
        ThreadDatasetSummary(
            channel: channel, panID: panID, extendedPanID: extendedPanID, networkName: networkName, tlvTypes: tlvTypes,
            length: tlvs.count)
    }

    /// The public summary only, so printing a dataset can never show the key.
    public var description: String { summary.description }
    /// Same as `description`: debug output must not leak the key either.
    public var debugDescription: String { "ThreadOperationalDataset(\(summary))" }

    private static func check(type: UInt8, value: ArraySlice<UInt8>, offset: Int) throws(ThreadDatasetError) {
        if let rule = ThreadTLV.lengthRule(type), !rule.allowed.contains(value.count) {
            throw .wrongLength(offset: offset, type: type, length: value.count, expected: rule.text)
        }
        switch type {
        case ThreadTLV.channel:
            let page = value[value.startIndex]
            let channel = UInt16(value[value.startIndex + 1]) << 8 | UInt16(value[value.startIndex + 2])
            guard page == 0, (11...26).contains(channel) else { throw .invalidChannel(offset: offset, page: page, channel: channel) }
        case ThreadTLV.networkName:
            guard String(validating: value, as: UTF8.self) != nil else { throw .invalidNetworkName(offset: offset) }
        case ThreadTLV.channelMask:
            // Entries: page (1), mask length (1), mask; they must fill the value exactly.
            var index = value.startIndex
            while index < value.endIndex {
                guard index + 1 < value.endIndex else { throw .malformedChannelMask(offset: offset) }
                index += 2 + Int(value[index + 1])
            }
            guard index == value.endIndex else { throw .malformedChannelMask(offset: offset) }
        default:
            break
        }
    }

    private static func decodeHex(_ text: String) throws(ThreadDatasetError) -> [UInt8] {
        var characters = Substring(text.trimmingWhitespace)
        var position = 0
        if characters.hasPrefix("0x") || characters.hasPrefix("0X") {
            characters = characters.dropFirst(2)
            position = 2
        }
        var bytes: [UInt8] = []
        var high: UInt8?
        var digits = 0
        for character in characters {
            position += 1
            if character.isWhitespace { continue }
            guard let nibble = character.hexDigitValue, character.isASCII else {
                throw .notHex(position: position, character: character)
            }
            digits += 1
            if let h = high {
                bytes.append(h << 4 | UInt8(nibble))
                high = nil
            } else {
                high = UInt8(nibble)
            }
        }
        guard digits > 0 else { throw .empty }
        guard high == nil else { throw .oddHexLength(digits: digits) }
        return bytes
    }
}

/// The public face of a dataset, for progress events and reports: no network key, no PSKc.
public struct ThreadDatasetSummary: Sendable, Equatable, CustomStringConvertible {
    /// Channel, as in the dataset.
    public let channel: UInt16
    /// PAN ID, as in the dataset.
    public let panID: UInt16
    /// Extended PAN ID, 8 bytes.
    public let extendedPanID: [UInt8]
    /// Network Name when present.
    public let networkName: String?
    /// Which TLVs the dataset holds, so a report shows its shape without values.
    public let tlvTypes: [UInt8]
    /// Size in bytes of the TLVs.
    public let length: Int

    /// `0x1234`, as Thread tools show PAN IDs.
    public var panIDHex: String { "0x" + hexString([UInt8(panID >> 8), UInt8(panID & 0xff)]) }
    /// 16 hex digits.
    public var extendedPanIDHex: String { hexString(extendedPanID) }

    /// One line for progress output: name, channel, PAN IDs, size, TLV types.
    public var description: String {
        let name = networkName.map { "'\($0)', " } ?? ""
        return "\(name)channel \(channel), PAN ID \(panIDHex), extended PAN ID \(extendedPanIDHex), "
            + "\(length) bytes of TLVs (types \(tlvTypes.map(String.init).joined(separator: ",")))"
    }
}

extension String {
    fileprivate var trimmingWhitespace: Substring {
        var text = self[...]
        while text.first?.isWhitespace == true { text = text.dropFirst() }
        while text.last?.isWhitespace == true { text = text.dropLast() }
        return text
    }
}
