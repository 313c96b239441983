/// Device-supplied text made safe to print: control characters (C0, DEL, C1, including ESC, CR
/// and LF) become `\xNN` / `\u{NNNN}` escapes.
///
/// A hostile device chooses its SSIDs, version strings and names. Printed raw, a newline would let
/// it forge whole lines such as `==== Provisioning was successful ====` for log parsers, and an
/// escape sequence would let it rewrite the terminal. Everything else (any script, emoji) is kept.
public func printableDeviceText(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        if scalar.properties.generalCategory == .control {
            out += scalar.value <= 0xFF ? "\\x" + hexByte(UInt8(scalar.value)) : "\\u{\(String(scalar.value, radix: 16))}"
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

private func hexByte(_ value: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(value >> 4)], digits[Int(value & 0x0f)]])
}

/// Device-supplied bytes that may not be text at all: valid UTF-8 as `printableDeviceText`,
/// otherwise printable ASCII kept and every other byte written `\xNN`.
public func printableDeviceBytes(_ bytes: some Collection<UInt8>) -> String {
    if let text = String(validating: bytes, as: UTF8.self) { return printableDeviceText(text) }
    var out = ""
    for byte in bytes {
        if (0x20..<0x7F).contains(byte) {
            out.unicodeScalars.append(Unicode.Scalar(byte))
        } else {
            out += "\\x" + hexByte(byte)
        }
    }
    return out
}
