import ArgumentParser

/// How `wps er` names an AP or an enrollee: the UUID the ER reports (`wps er list`) or a MAC address.
enum WPSERTarget {
    /// `8-4-4-4-12` hex digits.
    static func isUUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }

    static func isMAC(_ text: String) -> Bool {
        let octets = text.split(separator: ":", omittingEmptySubsequences: false)
        return octets.count == 6 && octets.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isHexDigit) }
    }

    /// Refuses anything else before contact, so a typo never reaches the daemon's command line.
    static func validate(_ text: String, flag: String, allowAny: Bool = false) throws {
        guard isUUID(text) || isMAC(text) || (allowAny && text == "any") else {
            throw ValidationError("\(flag) must be a UUID (as wps er list shows) or a MAC address" + (allowAny ? ", or any" : ""))
        }
    }
}
