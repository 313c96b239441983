/// One unsolicited message from an attached socket, split into what callers match on:
/// `<3>DPP-CONF-SENT` or `IFNAME=wlan0 <3>DPP-TX dst=... freq=2412 type=0`.
public struct WpaCtrlEvent: Sendable, Equatable, CustomStringConvertible {
    /// The `<N>` priority (wpa_supplicant's MSG_* level: 2 debug ... 3 info ... 5 error), when present.
    public var level: Int?
    /// The `IFNAME=` tag of a global socket's events.
    public var interface: String?
    /// The message without prefixes.
    public var text: String

    /// Memberwise, for recorded event streams in tests.
    public init(level: Int?, interface: String?, text: String) {
        self.level = level
        self.interface = interface
        self.text = text
    }

    /// Parses a datagram; text that is not an event (a reply) still parses, with no level.
    public init(parsing raw: String) {
        var rest = Substring(raw)
        var interface: String?
        if rest.hasPrefix("IFNAME=") {
            let afterTag = rest.dropFirst("IFNAME=".count)
            let name = afterTag.prefix { $0 != " " && $0 != "<" }
            interface = String(name)
            rest = afterTag.dropFirst(name.count).drop { $0 == " " }
        }
        var level: Int?
        if rest.first == "<", let close = rest.firstIndex(of: ">"), let value = Int(rest[rest.index(after: rest.startIndex)..<close]) {
            level = value
            rest = rest[rest.index(after: close)...]
        }
        while rest.last == "\n" { rest = rest.dropLast() }
        self.init(level: level, interface: interface, text: String(rest))
    }

    /// The event's name, its first word (`DPP-TX-STATUS`).
    public var name: Substring { text.prefix { $0 != " " } }

    /// Everything after the name.
    public var arguments: Substring { text.dropFirst(name.count).drop { $0 == " " } }

    /// The `key=value` pairs after the name (values end at the next space).
    public var parameters: [String: String] {
        var result: [String: String] = [:]
        for word in arguments.split(separator: " ") {
            guard let equals = word.firstIndex(of: "=") else { continue }
            let key = String(word[..<equals])
            if result[key] == nil { result[key] = String(word[word.index(after: equals)...]) }
        }
        return result
    }

    /// The message without prefixes; callers filter secret-bearing events before printing.
    public var description: String { text }
}
