import Foundation

/// The three ways `esp-prov qr` shows a code: terminal text, SVG and PNG, each with a quiet zone.
extension QRMatrix {
    /// Two module rows per text line with Unicode half blocks. Like `qrencode -t UTF8`, light
    /// modules are drawn (for the usual light-on-dark terminal); `inverted` draws dark modules.
    func terminalText(quietZone: Int = 2, inverted: Bool = false) -> String {
        let range = -quietZone..<(size + quietZone)
        var lines: [String] = []
        for y in stride(from: range.lowerBound, to: range.upperBound, by: 2) {
            var line = ""
            for x in range {
                let top = self[x, y] == inverted
                let bottom = y + 1 < range.upperBound ? self[x, y + 1] == inverted : false
                switch (top, bottom) {
                case (true, true): line += "█"
                case (true, false): line += "▀"
                case (false, true): line += "▄"
                case (false, false): line += " "
                }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A standalone SVG: a white square and one path of dark unit squares, crisp at any size.
    func svg(quietZone: Int = 4, moduleSize: Int = 8) -> String {
        let side = size + 2 * quietZone
        var path = ""
        for y in 0..<size {
            for x in 0..<size where self[x, y] {
                path += "M\(x + quietZone) \(y + quietZone)h1v1h-1z"
            }
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(side * moduleSize)" height="\(side * moduleSize)" \
            viewBox="0 0 \(side) \(side)" shape-rendering="crispEdges">
            <rect width="\(side)" height="\(side)" fill="#fff"/>
            <path fill="#000" d="\(path)"/>
            </svg>

            """
    }

    /// An 8-bit greyscale PNG, `moduleSize` pixels per module.
    func png(quietZone: Int = 4, moduleSize: Int = 8) -> [UInt8] {
        let side = (size + 2 * quietZone) * moduleSize
        var pixels = [UInt8](repeating: 0xFF, count: side * side)
        for y in 0..<size {
            for x in 0..<size where self[x, y] {
                for row in 0..<moduleSize {
                    let start = ((y + quietZone) * moduleSize + row) * side + (x + quietZone) * moduleSize
                    for column in 0..<moduleSize { pixels[start + column] = 0 }
                }
            }
        }
        return PNGEncoder.greyscale(width: side, height: side, pixels: pixels)
    }
}
