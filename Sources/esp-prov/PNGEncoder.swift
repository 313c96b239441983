import CZlib

/// A minimal PNG writer for greyscale images, compressed with zlib: a QR label is mostly runs of
/// black and white, so its pixels deflate to a few KiB (stored uncompressed they were ~150 KB).
enum PNGEncoder {
    /// `pixels` holds `width × height` bytes, row by row, 0 = black, 255 = white.
    static func greyscale(width: Int, height: Int, pixels: [UInt8]) -> [UInt8] {
        precondition(pixels.count == width * height, "pixel count does not match the size")
        var header: [UInt8] = []
        header += bigEndian(UInt32(width))
        header += bigEndian(UInt32(height))
        header += [8, 0, 0, 0, 0]  // bit depth 8, greyscale, deflate, adaptive filtering, no interlace
        var scanlines: [UInt8] = []
        scanlines.reserveCapacity((width + 1) * height)
        for row in 0..<height {
            scanlines.append(0)  // filter: none
            scanlines += pixels[(row * width)..<((row + 1) * width)]
        }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", header) + chunk("IDAT", zlibStream(scanlines)) + chunk("IEND", [])
    }

    /// A zlib stream (RFC 1950) of `data`, at zlib's best compression.
    static func zlibStream(_ data: [UInt8]) -> [UInt8] {
        var length = compressBound(uLong(data.count))
        var out = [UInt8](repeating: 0, count: Int(length))
        let status = compress2(&out, &length, data, uLong(data.count), Z_BEST_COMPRESSION)
        // compressBound is the most compress2 can write, and the only other failure is running out of memory.
        precondition(status == Z_OK, "zlib compress2 failed (\(status))")
        return Array(out[..<Int(length)])
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        let crc = UInt32(crc32(0, typed, uInt(typed.count)))
        return bigEndian(UInt32(data.count)) + typed + bigEndian(crc)
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
