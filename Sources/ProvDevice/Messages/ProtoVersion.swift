import ProvSupport

/// The `proto-ver` answer, built once at start like the manager's `wifi_prov_get_info_json` (docs/protocol.md §1.3).
///
/// JSON generations are rendered exactly as `cJSON_Print()` formats them (`{`+LF, one TAB per depth,
/// `"key":`+TAB+value, `,`+LF between members, array elements joined by `", "`), so the bytes match a
/// real board, not just the meaning.
enum ProtoVersion {
    static func text(for configuration: DeviceConfiguration) -> String {
        if configuration.generation == .legacy { return configuration.legacyVersionString }
        var members: [(String, JSONValue)] = configuration.appInfo.map { info in
            (info.label, .object([("ver", .string(info.version)), ("cap", .array(info.capabilities))]))
        }
        members.append(("prov", .object(provMembers(for: configuration))))
        return JSONValue.object(members).cJSONFormatted(depth: 0)
    }

    private static func provMembers(for configuration: DeviceConfiguration) -> [(String, JSONValue)] {
        let security = configuration.security
        var members: [(String, JSONValue)] = []
        members.append(("ver", .string(configuration.generation == .netprov ? "netprov-v1.2" : "v1.1")))
        if configuration.generation != .v4 {
            members.append(("sec_ver", .number(security.version)))
            if configuration.hasSec2IVFix {
                // protocomm's patch_ver: 1 for security 2 (IV fix), 0 for the other schemes.
                members.append(("sec_patch_ver", .number(security.version == 2 ? 1 : 0)))
            }
        }
        members.append(("cap", .array(capabilities(for: configuration))))
        return members
    }

    /// `no_sec` / `no_pop` first, then the manager's capabilities; `no_auto_stop` is never published.
    static func capabilities(for configuration: DeviceConfiguration) -> [String] {
        var caps: [String] = []
        switch configuration.security {
        case .sec0: caps.append("no_sec")
        case .sec1(let pop) where pop == nil: caps.append("no_pop")
        default: break
        }
        if configuration.generation == .netprov {
            caps += configuration.networkType == .thread ? ["thread_prov", "thread_scan"] : ["wifi_prov", "wifi_scan"]
        } else {
            caps.append("wifi_scan")
        }
        return caps
    }
}

/// The little JSON subset the version object needs, printed the cJSON way.
private indirect enum JSONValue {
    case string(String)
    case number(Int)
    case array([String])
    case object([(String, JSONValue)])

    func cJSONFormatted(depth: Int) -> String {
        switch self {
        case .string(let text):
            return jsonQuoted(text)
        case .number(let value):
            return String(value)
        case .array(let elements):
            return "[" + elements.map(jsonQuoted).joined(separator: ", ") + "]"
        case .object(let members):
            if members.isEmpty { return "{\n" + String(repeating: "\t", count: depth) + "}" }
            let indent = String(repeating: "\t", count: depth + 1)
            let body = members.map { key, value in
                indent + jsonQuoted(key) + ":\t" + value.cJSONFormatted(depth: depth + 1)
            }
            return "{\n" + body.joined(separator: ",\n") + "\n" + String(repeating: "\t", count: depth) + "}"
        }
    }
}
