import CQREncode
import Foundation
import ProvClient

/// A QR code's modules (true = dark), encoded by libqrencode in byte mode with error correction
/// level M: readable from a slightly damaged or badly lit label.
struct QRMatrix: Sendable, Equatable {
    /// Modules per side, without the quiet zone.
    let size: Int
    private let modules: [Bool]

    init(encoding text: String) throws {
        let bytes = Array(text.utf8)
        guard let code = bytes.withUnsafeBufferPointer({ QRcode_encodeData(Int32($0.count), $0.baseAddress, 0, QR_ECLEVEL_M) }) else {
            throw ProvError.usage("the payload (\(bytes.count) bytes) does not fit in a QR code")
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let data = code.pointee.data!
        size = width
        // Bit 0 of each byte is the module's colour; the other bits describe its role.
        modules = (0..<width * width).map { data[$0] & 1 == 1 }
    }

    /// Whether the module at (x, y) is dark; outside the symbol (the quiet zone) is light.
    subscript(x: Int, y: Int) -> Bool {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return false }
        return modules[y * size + x]
    }
}
