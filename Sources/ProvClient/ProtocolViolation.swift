import ProvCrypto
import ProvSupport

/// A device that broke the protocol, as facts a program can act on: what was wrong (`what`), with
/// the endpoint, field, size, limit or value it concerns. `description` words them as esp-prov has
/// always printed them; a front end words the remedies through `rewording(_:)` and may add its own
/// words (`appending`).
public struct ProtocolViolation: FailureFacts, Equatable {
    /// Which limit a reply broke (each is worded the way its layer has always said it).
    public enum Layer: Sendable, Hashable {
        /// An HTTP reply, announced or received (`HTTPTransportOptions.maxResponseBytes`).
        case httpReply
        /// A value read from a BLE characteristic.
        case bleCharacteristic
        /// A `proto-ver` reply.
        case protoVerReply
        /// A reply typed or pasted on the console.
        case consoleAnswer
    }

    /// What a `proto-ver` JSON member should have been.
    public enum JSONShape: Sendable, Hashable {
        case object, string, list, listOfStrings
        /// An integer within `range`.
        case integer(in: ClosedRange<Int>)
    }

    /// A scan entry or a status whose fields are out of their bounds (sizes in bytes).
    public enum MalformedEntry: Sendable, Hashable {
        /// A Wi-Fi scan entry: SSID at most 32 bytes, BSSID 6 (or none).
        case wifiScan(ssidBytes: Int, bssidBytes: Int)
        /// A Thread scan entry: PAN ID at most 0xffff, extended address and PAN ID 8 bytes, name at most 16.
        case threadScan(panID: UInt32, extendedAddressBytes: Int, extendedPanIDBytes: Int, nameBytes: Int)
        /// A Thread status reporting Attached: PAN ID at most 0xffff, extended PAN ID 8 bytes.
        case threadAttached(panID: UInt32, extendedPanIDBytes: Int)
    }

    /// Why an encrypted message could not be sealed or opened.
    public enum CipherProblem: Sendable, Equatable {
        /// The cipher's own failure.
        case crypto(CryptoFailure)
        /// Any other failure, in its own words.
        case other(String)
    }

    /// What was wrong.
    public enum What: Sendable, Equatable {
        /// A reply to `endpoint` of `size` bytes is larger than `limit` allows.
        case tooLarge(endpoint: String, size: Int, limit: Int, Layer)
        /// The reply to `endpoint` is not valid HTTP (`what`, as the parser said it).
        case notHTTP(endpoint: String, what: String)
        /// The `byteCount` bytes from `endpoint` are not a valid `messageType`; `encrypted` replies
        /// may also mean the session keys disagree.
        case notAMessage(endpoint: String, messageType: String, byteCount: Int, encrypted: Bool)
        /// The `proto-ver` reply is neither JSON nor a short version string; `start` holds its first bytes.
        case unreadableProtoVer(byteCount: Int, start: [UInt8], cutShortJSON: Bool)
        /// The `proto-ver` member `field` is not of `shape`.
        case protoVerField(String, isNot: JSONShape)
        /// `text` that the device sent as `source` (the `proto-ver` reply, a capability) holds control characters.
        case controlCharacters(source: String, text: String)
        /// The device reports protocol version `reported`; the caller expected `expected`.
        case versionMismatch(reported: String, expected: String)
        /// The reply named `reply` carries no `field`.
        case missingField(String, reply: String)
        /// The device reports `state` without the `details` that state comes with.
        case stateWithoutDetails(state: String, details: String)
        /// The device reports a value of `machine` that the protocol does not define.
        case unknownState(machine: String, value: Int)
        /// The handshake expected `expected` and the device sent something else.
        case unexpectedHandshakeMessage(expected: String)
        /// `field` is `got` bytes; `expected` lists the sizes allowed (empty when only the bound matters).
        case fieldSize(field: String, got: Int, expected: [ClosedRange<Int>])
        /// The device's X25519 public key gives no usable shared secret (`lowOrder`: a low-order point).
        case unusableKey(lowOrder: Bool)
        /// A scan entry or status with fields out of bounds.
        case malformed(MalformedEntry)
        /// The device reports `count` scan results of `network` ("" for Wi-Fi, "Thread "); devices hold at most `limit`.
        case tooManyResults(network: String, count: UInt32, limit: Int)
        /// The device said `reported` scan results of `network`, then returned `returned`.
        case resultCountMismatch(network: String, reported: UInt32, returned: Int)
        /// `endpoint` answered command `sent` with message type `got` (devices answer `sent + 1`).
        case wrongReplyType(endpoint: String, sent: Int, got: Int)
        /// Sealing or opening an encrypted message failed.
        case cipher(CipherProblem)
        /// Words given by the caller (a front end or a test) instead of facts.
        case described(ProvMessage)
    }

    /// What was wrong.
    public let what: What
    /// Words a front end added after the library's (for example a hint about its transport).
    public private(set) var appended: ProvMessage?
    /// The remedies in a front end's words, once it has worded them (`rewording(_:)`).
    public var remedyWording = RemedyWording()

    /// A violation with these facts.
    public init(_ what: What) { self.what = what }

    /// A violation described in a front end's (or a test's) own words.
    public init(_ message: ProvMessage) { self.init(.described(message)) }

    /// The caller's own words, when nothing else (no words a front end appended) describes this failure.
    public var describedMessage: ProvMessage? {
        guard appended == nil, case .described(let message) = what else { return nil }
        return message
    }

    /// This violation with `words` after the library's.
    public func appending(_ words: ProvMessage) -> ProtocolViolation {
        var longer = self
        longer.appended = (appended ?? "") + words
        return longer
    }

    /// The facts in esp-prov's words, remedies as values.
    public var neutralMessage: ProvMessage { libraryMessage + (appended ?? "") }

    private var libraryMessage: ProvMessage {
        switch what {
        case .tooLarge(let endpoint, let size, let limit, .httpReply):
            return "reply to '\(endpoint)' exceeds \(limit) bytes (\(size) announced or received)"
        case .tooLarge(let endpoint, let size, let limit, .bleCharacteristic):
            return "'\(endpoint)' returned \(size) bytes; a BLE characteristic holds at most \(limit)"
        case .tooLarge(_, let size, _, .protoVerReply):
            return "proto-ver reply is \(size) bytes, larger than any device sends"
        case .tooLarge(let endpoint, let size, _, .consoleAnswer):
            return "the answer for '\(endpoint)' is \(size) bytes, more than any device sends"
        case .notHTTP(let endpoint, let what):
            return "the reply to '\(endpoint)' is not valid HTTP: \(what)"
        case .notAMessage(let endpoint, let type, let count, true):
            return "reply from '\(endpoint)' is not a valid \(type) (\(count) bytes): corrupted, or the session keys disagree"
        case .notAMessage(_, let type, let count, false):
            return "handshake reply is not a valid \(type) message (\(count) bytes)"
        case .unreadableProtoVer(let count, let start, let cutShortJSON):
            let preview = printableDeviceBytes(start.prefix(32)) + (count > 32 ? "…" : "")
            let what = cutShortJSON ? "JSON that does not parse (cut short?)" : "neither JSON nor a version string"
            return "proto-ver reply is \(what): \(count) bytes starting \"\(preview)\"; is this an ESP device in provisioning mode?"
        case .protoVerField(let field, let shape):
            return "proto-ver '\(field)' is not \(Self.words(for: shape))"
        case .controlCharacters(let source, let text):
            return "\(source) holds control characters (\(printableDeviceText(text)))"
        case .versionMismatch(let reported, let expected):
            return "Error in protocol version matching: device reports '\(printableDeviceText(reported))', expected '\(expected)'"
        case .missingField(let field, let reply):
            return "\(reply) reply carries no \(field)"
        case .stateWithoutDetails(let state, let details):
            return "device reports \(state) without \(details)"
        case .unknownState(let machine, let value):
            return "unknown \(machine) \(value)"
        case .unexpectedHandshakeMessage(let expected):
            return "expected \(expected) from the device"
        case .fieldSize(let field, let got, let expected):
            let sizes = expected.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)…\($0.upperBound)" }
            return "\(field) is \(got) bytes" + (sizes.isEmpty ? "" : ", expected \(sizes.joined(separator: " or "))")
        case .unusableKey(let lowOrder):
            return "sec1 device public key is not a usable X25519 key" + (lowOrder ? " (low-order point)" : "")
        case .malformed(.wifiScan(let ssid, let bssid)):
            return "scan entry with a \(ssid)-byte SSID or \(bssid)-byte BSSID"
        case .malformed(.threadScan(let panID, let address, let extendedPanID, let name)):
            return "Thread scan entry with PAN ID \(panID), a \(address)-byte extended address, "
                + "a \(extendedPanID)-byte extended PAN ID or a \(name)-byte name"
        case .malformed(.threadAttached(let panID, let extendedPanID)):
            return "device reports Attached to PAN ID \(panID) with a \(extendedPanID)-byte extended PAN ID"
        case .tooManyResults(let network, let count, let limit):
            return "device reports \(count) \(network)scan results; devices hold at most \(limit)"
        case .resultCountMismatch(let network, let reported, let returned):
            return "device said \(reported) \(network)scan results but returned \(returned)"
        case .wrongReplyType(let endpoint, let sent, let got):
            return "'\(endpoint)' answered message type \(got) to command \(sent) (expected \(sent + 1))"
        case .cipher(let problem):
            return ProvMessage(Self.words(for: problem))
        case .described(let message):
            return message
        }
    }

    private static func words(for shape: JSONShape) -> String {
        switch shape {
        case .object: "a JSON object"
        case .string: "a string"
        case .list: "a list"
        case .listOfStrings: "a list of strings"
        case .integer(let range): "an integer in \(range)"
        }
    }

    private static func words(for problem: CipherProblem) -> String {
        switch problem {
        case .crypto(.authenticationFailed):
            "response failed AES-GCM authentication (corrupted, or the device uses another IV mode)"
        case .crypto(.truncated(let count)):
            "encrypted response is \(count) bytes, shorter than the 16-byte GCM tag"
        case .crypto(.nonceCounterExhausted):
            "GCM nonce counter overflow: the session must be set up again"
        case .crypto(let failure):
            "AES-GCM failure: \(failure)"
        case .other(let text):
            "AES-GCM failure: \(text)"
        }
    }
}
