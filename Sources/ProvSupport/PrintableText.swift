/// The one policy for untrusted text on a terminal or in a log (a device's SSIDs, version strings
/// and names; a daemon's relayed peer text; a manifest; a lock file): characters that control or
/// rearrange what is shown become escapes, everything else (any script, emoji) is kept.
///
/// Escaped: control characters (C0, DEL, C1, including ESC, CR and LF) as `\xNN`; the line and
/// paragraph separators (U+2028, U+2029) and the bidirectional marks, embeddings, overrides and
/// isolates (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) as `\u{NNNN}`.
///
/// A hostile peer chooses this text. Printed raw, a newline would let it forge whole lines such as
/// `==== Provisioning was successful ====` for log parsers, an escape sequence would let it rewrite
/// the terminal, and a bidi override would make a line read differently from what it holds.
public func printableDeviceText(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        if scalar.properties.generalCategory == .control {
            out += scalar.value <= 0xFF ? "\\x" + hexString([UInt8(scalar.value)]) : "\\u{\(String(scalar.value, radix: 16))}"
        } else if rearrangesText(scalar) {
            out += "\\u{\(String(scalar.value, radix: 16))}"
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

/// Separators that start a new line and the bidirectional formatting characters.
private func rearrangesText(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x2028, 0x2029, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
}

/// Untrusted bytes that may not be text at all: valid UTF-8 as `printableDeviceText`, otherwise
/// printable ASCII kept and every other byte written `\xNN`.
public func printableDeviceBytes(_ bytes: some Collection<UInt8>) -> String {
    if let text = String(validating: bytes, as: UTF8.self) { return printableDeviceText(text) }
    var out = ""
    for byte in bytes {
        if (0x20..<0x7F).contains(byte) {
            out.unicodeScalars.append(Unicode.Scalar(byte))
        } else {
            out += "\\x" + hexString([byte])
        }
    }
    return out
}
