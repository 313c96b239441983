import ProvSupport

/// Renders bytes the way Python prints a `bytes` object (`b'SUCCESS\x00'`), as esp_prov shows
/// custom-data replies; log parsers written for esp_prov keep working.
func pythonBytesLiteral(_ bytes: [UInt8]) -> String {
    let useDouble = bytes.contains(UInt8(ascii: "'")) && !bytes.contains(UInt8(ascii: "\""))
    var out = useDouble ? "b\"" : "b'"
    for byte in bytes {
        switch byte {
        case UInt8(ascii: "\\"): out += "\\\\"
        case UInt8(ascii: "'") where !useDouble: out += "\\'"
        case UInt8(ascii: "\t"): out += "\\t"
        case UInt8(ascii: "\n"): out += "\\n"
        case UInt8(ascii: "\r"): out += "\\r"
        case 0x20..<0x7f: out += String(UnicodeScalar(byte))
        default: out += "\\x" + hexString([byte])
        }
    }
    return out + (useDouble ? "\"" : "'")
}
