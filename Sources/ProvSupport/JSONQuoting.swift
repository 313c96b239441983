/// `text` as a JSON string literal the way cJSON's `print_string_ptr` writes it (the firmware's
/// JSON writer, so the virtual device answers as a board does and a QR payload reads as the
/// firmware's own tools write it): `"` and `\` escaped, the short control escapes, other bytes
/// below 0x20 as `\u00xx`; everything else, non-ASCII included, copied as is.
package func jsonQuoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
