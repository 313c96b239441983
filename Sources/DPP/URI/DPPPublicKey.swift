import Crypto
import Foundation
import ProvCrypto

/// The `K:` field decoded: a DER SubjectPublicKeyInfo of an elliptic-curve key. Checked here so
/// a mangled QR scan fails with "K: ..." instead of a bare `FAIL` from the daemon.
public struct DPPPublicKey: Sendable, Equatable {
    /// The curves DPP defines, by their SPKI curve OID.
    public enum Curve: String, Sendable, CaseIterable {
        /// NIST P-256, the curve almost every device's bootstrap key uses.
        case prime256v1
        /// NIST P-384.
        case secp384r1
        /// NIST P-521.
        case secp521r1
        /// Brainpool P-256r1 (DPP allows it; many daemon builds lack it, see `uriRefused`).
        case brainpoolP256r1
        /// Brainpool P-384r1.
        case brainpoolP384r1
        /// Brainpool P-512r1.
        case brainpoolP512r1

        /// DER content bytes of the curve's OID.
        var oid: [UInt8] {
            switch self {
            case .prime256v1: return [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]
            case .secp384r1: return [0x2B, 0x81, 0x04, 0x00, 0x22]
            case .secp521r1: return [0x2B, 0x81, 0x04, 0x00, 0x23]
            case .brainpoolP256r1: return [0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x07]
            case .brainpoolP384r1: return [0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0B]
            case .brainpoolP512r1: return [0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0D]
            }
        }

        /// Bytes of one field element (x coordinate).
        var coordinateSize: Int {
            switch self {
            case .prime256v1, .brainpoolP256r1: return 32
            case .secp384r1, .brainpoolP384r1: return 48
            case .secp521r1: return 66
            case .brainpoolP512r1: return 64
            }
        }
    }

    /// id-ecPublicKey, 1.2.840.10045.2.1.
    static let ecPublicKeyOID: [UInt8] = [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]

    /// The DER bytes exactly as the URI carried them (what `pkhash` is computed over).
    public let der: [UInt8]
    /// The key's curve, from its OID: the daemon must support it for the URI to be accepted.
    public let curve: Curve

    /// SHA-256 of the DER bytes: the daemon's `pkhash=`, and how DPP peers identify a bootstrap key.
    public var pkhash: String { hexString(SHA256.hash(data: der)) }

    /// The base64 text for a URI.
    public var base64: String { Data(der).base64EncodedString() }

    /// Checks `der` is SEQUENCE { SEQUENCE { id-ecPublicKey, curve }, BIT STRING point } with a
    /// point of the curve's size, and for the NIST curves that the point is on the curve.
    public init(der: [UInt8]) throws {
        func fail(_ reason: String) -> DPPURIError { .invalidField(field: "K", reason: reason) }
        var outer = DERReader(der)
        guard var spki = outer.read(tag: 0x30), outer.isAtEnd else { throw fail("not a DER SubjectPublicKeyInfo") }
        guard var algorithm = spki.read(tag: 0x30), let keyType = algorithm.read(tag: 0x06) else {
            throw fail("no algorithm identifier in the key")
        }
        guard keyType.bytes == Self.ecPublicKeyOID else { throw fail("not an elliptic-curve public key") }
        guard let curveOID = algorithm.read(tag: 0x06), algorithm.isAtEnd,
            let curve = Curve.allCases.first(where: { $0.oid == curveOID.bytes })
        else { throw fail("not one of DPP's curves (P-256, P-384, P-521, brainpool)") }
        guard let bits = spki.read(tag: 0x03), spki.isAtEnd, bits.bytes.first == 0 else { throw fail("no public key bits") }
        let point = Array(bits.bytes.dropFirst())
        let size = curve.coordinateSize
        let shapeOK = (point.count == 1 + size && (point.first == 2 || point.first == 3))
            || (point.count == 1 + 2 * size && point.first == 4)
        guard shapeOK else { throw fail("the public key is not a \(curve.rawValue) point") }
        guard Self.isOnCurve(point, curve) else { throw fail("the public key is not on curve \(curve.rawValue)") }
        self.der = der
        self.curve = curve
    }

    /// Parses the base64 text of a `K:` field.
    public init(base64 text: Substring) throws {
        guard let data = Data(base64Encoded: String(text)), !data.isEmpty else {
            throw DPPURIError.invalidField(field: "K", reason: "not base64")
        }
        try self.init(der: Array(data))
    }

    private static func isOnCurve(_ point: [UInt8], _ curve: Curve) -> Bool {
        let compressed = point.first != 4
        do {
            switch curve {
            case .prime256v1:
                _ = try compressed ? P256.Signing.PublicKey(compressedRepresentation: point) : P256.Signing.PublicKey(x963Representation: point)
            case .secp384r1:
                _ = try compressed ? P384.Signing.PublicKey(compressedRepresentation: point) : P384.Signing.PublicKey(x963Representation: point)
            case .secp521r1:
                _ = try compressed ? P521.Signing.PublicKey(compressedRepresentation: point) : P521.Signing.PublicKey(x963Representation: point)
            case .brainpoolP256r1, .brainpoolP384r1, .brainpoolP512r1:
                return true  // no brainpool arithmetic here: the daemon checks the point
            }
            return true
        } catch {
            return false
        }
    }
}

/// Just enough DER for a SubjectPublicKeyInfo: definite lengths, single-byte tags.
struct DERReader {
    /// This element's content.
    let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }
    init(slice: ArraySlice<UInt8>) { self.bytes = Array(slice) }

    var isAtEnd: Bool { offset == bytes.count }

    /// The content of the next element if it has `tag`; nil (and no progress) otherwise.
    mutating func read(tag: UInt8) -> DERReader? {
        guard offset + 2 <= bytes.count, bytes[offset] == tag else { return nil }
        var position = offset + 1
        var length = Int(bytes[position])
        position += 1
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard (1...2).contains(count), position + count <= bytes.count else { return nil }
            length = bytes[position..<position + count].reduce(0) { $0 << 8 | Int($1) }
            position += count
        }
        guard position + length <= bytes.count else { return nil }
        offset = position + length
        return DERReader(slice: bytes[position..<position + length])
    }
}
