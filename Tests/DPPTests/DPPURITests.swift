import DPP
import Foundation
import TestSupport
import XCTest

/// The URI rules of docs/onboarding.md §2 on URIs the real wpa_supplicant 2.10 generated
/// (Fixtures/dpp/bootstrap-uris.json, with the `pkhash` it reported), and on broken ones.
final class DPPURITests: XCTestCase {
    struct Vector: Decodable {
        let args: String
        let uri: String
        let pkhash: String
    }

    private func vectors() throws -> [Vector] { try Fixtures.decode([Vector].self, from: "dpp/bootstrap-uris.json") }

    func testDaemonGeneratedURIsParseRoundTripAndMatchItsPkhash() throws {
        for vector in try vectors() {
            let uri = try DPPURI(parsing: vector.uri)
            XCTAssertEqual(uri.pkhash, vector.pkhash, vector.args)
            XCTAssertEqual(uri.text, vector.uri, "the builder writes what wpa_supplicant writes: \(vector.args)")
            XCTAssertEqual(uri.version, 2)
        }
    }

    func testFieldsDecoded() throws {
        let uri = try DPPURI(parsing: try vectors()[1].uri + "\n")
        XCTAssertEqual(uri.channels.map(\.description), ["81/1", "81/6", "115/36"])
        XCTAssertEqual(uri.channels.map(\.frequency), [2412, 2437, 5180])
        XCTAssertEqual(uri.channels[0].spoken, "81/1 (2412 MHz)")
        XCTAssertEqual(uri.macText, "02:00:00:00:00:01")
        XCTAssertEqual(uri.info, "esp32-dpp")
        XCTAssertEqual(uri.key.curve, .prime256v1)
        XCTAssertEqual(try DPPURI(parsing: try vectors()[2].uri).key.curve, .secp384r1)
        XCTAssertEqual(try DPPURI(parsing: try vectors()[4].uri).key.curve, .brainpoolP256r1)
    }

    func testFirstOfEachFieldCountsAndUnknownFieldsAreIgnored() throws {
        let key = try DPPURI(parsing: try vectors()[0].uri).key.base64
        let uri = try DPPURI(parsing: "DPP:C:81/6;X:whatever;C:81/1;I:first;I:second;H:10.77.0.2;K:\(key);K:AAAA;;")
        XCTAssertEqual(uri.channels.map(\.description), ["81/6"])
        XCTAssertEqual(uri.info, "first")
        XCTAssertEqual(uri.host, "10.77.0.2")
        XCTAssertEqual(uri.key.base64, key)
        XCTAssertEqual(try DPPURI(parsing: "DPP:M:02:00:00:00:00:0a;K:\(key);;").macText, "02:00:00:00:00:0a")
    }

    func testErrorsNameTheField() throws {
        let key = try DPPURI(parsing: try vectors()[0].uri).key.base64
        let cases: [(String, DPPURIError)] = [
            ("WIFI:S:x;;", .notDPP),
            ("DPP:K:\(key);", .unterminated),
            ("DPP:K:\(key);;extra", .unterminated),
            ("DPP:C:81/1;;K:\(key);;", .unterminated),
            ("DPP:V:2;;", .missingKey),
            ("DPP:garbage;K:\(key);;", .malformedField("garbage")),
            ("DPP:C:81/x;K:\(key);;", .invalidField(field: "C", reason: "\"81/x\" is not <operating class>/<channel>")),
            ("DPP:C:81/1,;K:\(key);;", .invalidField(field: "C", reason: "\"\" is not <operating class>/<channel>")),
            ("DPP:M:0200000000;K:\(key);;", .invalidField(field: "M", reason: "a MAC address is 12 hex digits")),
            ("DPP:V:two;K:\(key);;", .invalidField(field: "V", reason: "the version is a number 1–255")),
            ("DPP:I:caf\u{e9};K:\(key);;", .invalidField(field: "I", reason: "the information text must be printable ASCII")),
            ("DPP:K:not*base64;;", .invalidField(field: "K", reason: "not base64")),
            ("DPP:K:AAAA;;", .invalidField(field: "K", reason: "not a DER SubjectPublicKeyInfo")),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try DPPURI(parsing: text), text) { XCTAssertEqual($0 as? DPPURIError, expected, text) }
        }
        XCTAssertTrue("\(DPPURIError.invalidField(field: "M", reason: "x"))".contains("field M"))
        XCTAssertThrowsError(try DPPURI(parsing: "DPP:I:" + String(repeating: "a", count: 5000) + ";;")) {
            XCTAssertEqual($0 as? DPPURIError, .tooLong(5008))
        }
    }

    func testKeyThatIsNotOnItsCurveIsRefused() throws {
        var der = try DPPURI(parsing: try vectors()[0].uri).key.der
        der[der.count - 1] ^= 0x01  // x no longer has a square root on P-256 (or a different point)
        der[der.count - 5] ^= 0x40
        let flipped = Result { try DPPPublicKey(der: der) }
        var rsaLike = try DPPURI(parsing: try vectors()[0].uri).key.der
        rsaLike[8] = 0x2B  // the algorithm OID no longer says id-ecPublicKey
        XCTAssertThrowsError(try DPPPublicKey(der: rsaLike)) {
            XCTAssertEqual($0 as? DPPURIError, .invalidField(field: "K", reason: "not an elliptic-curve public key"))
        }
        // A flipped coordinate either leaves the curve or is another valid point; never a crash.
        if case .failure(let error) = flipped {
            XCTAssertEqual(error as? DPPURIError, .invalidField(field: "K", reason: "the public key is not on curve prime256v1"))
        }
    }

    /// Strict DER (swift-asn1): bytes after the key, a length in more bytes than it needs and nesting
    /// deep enough to exhaust a recursive reader are each "not a DER SubjectPublicKeyInfo", never a crash.
    func testHostileDERIsRefused() throws {
        let der = try DPPURI(parsing: try vectors()[0].uri).key.der
        let notSPKI = DPPURIError.invalidField(field: "K", reason: "not a DER SubjectPublicKeyInfo")
        XCTAssertThrowsError(try DPPPublicKey(der: der + [0x00])) { XCTAssertEqual($0 as? DPPURIError, notSPKI) }
        XCTAssertEqual(der[1] & 0x80, 0, "the vector's outer length is short-form")
        let longForm = [der[0], 0x81, der[1]] + der[2...]  // the same length, long form: not DER
        XCTAssertThrowsError(try DPPPublicKey(der: Array(longForm))) { XCTAssertEqual($0 as? DPPURIError, notSPKI) }
        let nested = Array(repeating: [UInt8]([0x30, 0x80]), count: 100_000).flatMap { $0 }  // indefinite lengths: BER, not DER
        XCTAssertThrowsError(try DPPPublicKey(der: nested)) { XCTAssertEqual($0 as? DPPURIError, notSPKI) }
        var deep: [UInt8] = [0x05, 0x00]
        for _ in 0..<60 { deep = [0x30, UInt8(deep.count)] + deep }
        XCTAssertThrowsError(try DPPPublicKey(der: deep)) { XCTAssertEqual($0 as? DPPURIError, notSPKI) }
    }

    func testBuilderMakesWhatTheParserReads() throws {
        let key = try DPPURI(parsing: try vectors()[0].uri).key
        let built = DPPURI(key: key, channels: [DPPChannel(operatingClass: 81, channel: 1)], mac: [2, 0, 0, 0, 0, 1],
                           info: "pi", version: 2)
        XCTAssertEqual(built.text, "DPP:C:81/1;M:020000000001;I:pi;V:2;K:\(key.base64);;")
        XCTAssertEqual(try DPPURI(parsing: built.text), built)
    }
}
