import Crypto
import Foundation
import ProvCrypto
import SwiftASN1

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

        /// The curve's OID (RFC 5480; RFC 5639 for brainpool).
        var oid: ASN1ObjectIdentifier {
            switch self {
            case .prime256v1: return [1, 2, 840, 10045, 3, 1, 7]
            case .secp384r1: return [1, 3, 132, 0, 34]
            case .secp521r1: return [1, 3, 132, 0, 35]
            case .brainpoolP256r1: return [1, 3, 36, 3, 3, 2, 8, 1, 1, 7]
            case .brainpoolP384r1: return [1, 3, 36, 3, 3, 2, 8, 1, 1, 11]
            case .brainpoolP512r1: return [1, 3, 36, 3, 3, 2, 8, 1, 1, 13]
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
    static let ecPublicKeyOID: ASN1ObjectIdentifier = [1, 2, 840, 10045, 2, 1]

    /// The DER bytes exactly as the URI carried them (what `pkhash` is computed over).
    public let der: [UInt8]
    /// The key's curve, from its OID: the daemon must support it for the URI to be accepted.
    public let curve: Curve

    /// SHA-256 of the DER bytes: the daemon's `pkhash=`, and how DPP peers identify a bootstrap key.
    public var pkhash: String { hexString(SHA256.hash(data: der)) }

    /// The base64 text for a URI.
    public var base64: String { Data(der).base64EncodedString() }

    /// Checks `der` is SEQUENCE { SEQUENCE { id-ecPublicKey, curve }, BIT STRING point } (strict DER,
    /// read by swift-asn1, swift-crypto's ASN.1 library) with a point of the curve's size, and for the
    /// NIST curves that the point is on the curve.
    public init(der: [UInt8]) throws {
        func fail(_ reason: String) -> DPPURIError { .invalidField(field: "K", reason: reason) }
        guard let root = try? SwiftASN1.DER.parse(der), root.identifier == .sequence, case .constructed(let fields) = root.content else {
            throw fail("not a DER SubjectPublicKeyInfo")
        }
        var spki = fields.makeIterator()
        guard let algorithmNode = spki.next(), algorithmNode.identifier == .sequence,
            case .constructed(let algorithmFields) = algorithmNode.content
        else { throw fail("no algorithm identifier in the key") }
        var algorithm = algorithmFields.makeIterator()
        guard let keyType = algorithm.next().flatMap({ try? ASN1ObjectIdentifier(derEncoded: $0) }) else {
            throw fail("no algorithm identifier in the key")
        }
        guard keyType == Self.ecPublicKeyOID else { throw fail("not an elliptic-curve public key") }
        guard let curveOID = algorithm.next().flatMap({ try? ASN1ObjectIdentifier(derEncoded: $0) }), algorithm.next() == nil,
            let curve = Curve.allCases.first(where: { $0.oid == curveOID })
        else { throw fail("not one of DPP's curves (P-256, P-384, P-521, brainpool)") }
        guard let bits = spki.next().flatMap({ try? ASN1BitString(derEncoded: $0) }), spki.next() == nil, bits.paddingBits == 0 else {
            throw fail("no public key bits")
        }
        let point = Array(bits.bytes)
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
