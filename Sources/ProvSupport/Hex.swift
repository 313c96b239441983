/// Lower-case hex, as esp_prov prints requests, as the fixtures store bytes and as DPP's text
/// fields carry them.
public func hexString<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    hexString(bytes, separator: "")
}

/// The same with `separator` between bytes: a MAC's `aa:bb:…` form.
public func hexString<Bytes: Sequence>(_ bytes: Bytes, separator: String) -> String where Bytes.Element == UInt8 {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    for byte in bytes {
        if !separator.isEmpty, !out.isEmpty { out += separator.utf8 }
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
}

/// Parses hex digits, ignoring white space; nil for odd length or a non-hex character.
public func bytes(fromHex text: some StringProtocol) -> [UInt8]? {
    var out = [UInt8]()
    var high: UInt8?
    for scalar in text.unicodeScalars {
        if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" { continue }
        guard let nibble = hexNibble(scalar) else { return nil }
        if let h = high {
            out.append(h << 4 | nibble)
            high = nil
        } else {
            high = nibble
        }
    }
    return high == nil ? out : nil
}

private func hexNibble(_ scalar: Unicode.Scalar) -> UInt8? {
    switch scalar.value {
    case 0x30...0x39: return UInt8(scalar.value - 0x30)
    case 0x41...0x46: return UInt8(scalar.value - 0x41 + 10)
    case 0x61...0x66: return UInt8(scalar.value - 0x61 + 10)
    default: return nil
    }
}
