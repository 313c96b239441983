import ProvClient
import XCTest

/// The downgrade rule in `SecurityPlan` (issue 22 item 1), over every announcement a device can make
/// and every set of credentials a caller can hold: without a requested scheme, a device weaker than
/// the credentials imply is refused (`.authentication`, exit 4); a requested scheme is the override.
final class SecurityMinimumTests: XCTestCase {
    private let announcements: [(String, SchemeStrength)] = [
        (#"{"prov":{"ver":"v1.1","sec_ver":0,"cap":[]}}"#, .sec0),
        (#"{"prov":{"ver":"v1.1","cap":["no_sec"]}}"#, .sec0),
        (#"{"prov":{"ver":"v1.1","sec_ver":1,"cap":["no_pop"]}}"#, .sec1NoPoP),
        (#"{"prov":{"ver":"v1.1","cap":["no_pop"]}}"#, .sec1NoPoP),
        (#"{"prov":{"ver":"v1.1","sec_ver":1,"cap":[]}}"#, .sec1PoP),
        (#"{"prov":{"ver":"v1.1","sec_ver":2,"sec_patch_ver":1,"cap":[]}}"#, .sec2),
    ]
    private let holdings: [(CredentialCandidates, SchemeStrength?)] = [
        (.none, nil),
        (CredentialCandidates(proofOfPossession: ""), nil),
        (CredentialCandidates(proofOfPossession: "pop-7"), .sec1PoP),
        (CredentialCandidates(username: "wifiprov"), .sec2),
        (CredentialCandidates(password: "abcd1234"), .sec2),
        (CredentialCandidates(username: "wifiprov", password: "abcd1234"), .sec2),
        (CredentialCandidates(proofOfPossession: "pop-7", username: "wifiprov", password: "abcd1234"), .sec1PoP),
    ]

    func testAWeakerDeviceIsRefusedUnlessTheSchemeIsRequested() throws {
        for (proto, offered) in announcements {
            let info = try DeviceInfo(parsing: Array(proto.utf8))
            for (held, floor) in holdings {
                XCTAssertEqual(SchemeStrength(impliedBy: held), floor, "\(held)")
                let context = "\(proto) holding \(held)"
                if let floor, offered < floor {
                    XCTAssertThrowsError(try SecurityPlan(requested: nil, device: info, credentials: held), context) { error in
                        guard case ProvError.authentication(let message) = error else { return XCTFail("\(error): \(context)") }
                        XCTAssertTrue(message.description.contains("a weaker scheme than the \(floor)"), message.description)
                        XCTAssertTrue(message.description.contains("\(Remedy.requestWeakerSecurity) \(offered.version.rawValue)"), message.description)
                    }
                    let override = try SecurityPlan(requested: offered.version, device: info, credentials: held)
                    XCTAssertEqual(override.version, offered.version, context)
                    XCTAssertNil(override.minimum, context)
                    XCTAssertTrue(override.reason.contains("below the \(floor)"), override.reason)
                } else {
                    let plan = try SecurityPlan(requested: nil, device: info, credentials: held)
                    XCTAssertEqual(plan.minimum, floor, context)
                    XCTAssertGreaterThanOrEqual(SchemeStrength(plan.version, proofOfPossession: plan.needsProofOfPossession), floor ?? .sec0)
                }
            }
        }
    }

    /// A device that names no scheme is assumed to speak what sec2 credentials imply, not security 1.
    func testAnUnnamedSchemeIsAssumedToBeTheMinimum() throws {
        let silent = try DeviceInfo(parsing: Array("v1.0".utf8))
        let plan = try SecurityPlan(requested: nil, device: silent, credentials: CredentialCandidates(username: "wifiprov"))
        XCTAssertEqual(plan.version, .sec2)
        XCTAssertTrue(plan.isGuess)
        XCTAssertEqual(try SecurityPlan(requested: nil, device: silent).version, .sec1)
    }
}
