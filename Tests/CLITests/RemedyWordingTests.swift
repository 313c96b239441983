import ProvClient
@testable import esp_prov
import XCTest

/// The library states remedies in neutral words; the CLI prints the flag wording it always has.
/// The table must reword exactly (no neutral phrase inside another remedy's words) and idempotently,
/// since an error may be named twice on its way out (the run, then `main`).
final class RemedyWordingTests: XCTestCase {
    func testNeutralPhrasesNeverOccurInsideOtherPhrases() {
        for remedy in Remedy.allCases {
            XCTAssertFalse(remedy.description.contains("--"), "\(remedy) names a flag in the library")
            for other in Remedy.allCases {
                XCTAssertFalse(other.flagWording.contains(remedy.description), "\(other)'s flag words contain \(remedy)'s")
                if other != remedy {
                    XCTAssertFalse(other.description.contains(remedy.description), "\(other) contains \(remedy)")
                }
            }
        }
    }

    func testErrorsReadAsTheyAlwaysHaveAndRewordingIsIdempotent() throws {
        let scan = ProvError.unsupported("Wi-Fi Scan List is not supported by provisioning service: \(Remedy.giveSSID)")
        XCTAssertEqual(scan.remedies, [.giveSSID])
        XCTAssertEqual(scan.namingFlags, .unsupported("Wi-Fi Scan List is not supported by provisioning service: pass --ssid"))
        XCTAssertEqual(scan.namingFlags.namingFlags, scan.namingFlags)
        let emptyProtoVer = try SecurityPlan(requested: nil, device: try DeviceInfo(parsing: []))
        let guessed = ProvError.missing(.secret(.proofOfPossession), guess: emptyProtoVer)
        XCTAssertEqual("\(guessed.namingFlags)",
                       "missing --pop (or --pop_file, ESP_PROV_POP) (no terminal to ask on); proto-ver is empty; "
                           + "assuming security 1 (pass --sec_ver to choose)")
        XCTAssertEqual(ProvError.timeout("still connecting; \(Remedy.raiseStatusTimeout) or check the access point").inCLIWords,
                       .timeout("still connecting; raise --timeout or check the access point"))
    }

    func testThePlanReasonNamesTheFlagInReports() throws {
        let info = try DeviceInfo(parsing: Array(#"{"prov":{"ver":"v1.1","sec_ver":1,"cap":[]}}"#.utf8))
        let plan = try SecurityPlan(requested: .sec1, device: info)
        XCTAssertEqual(plan.reason, "\(Remedy.requestedSecurityVersion)")
        guard case .securityChosen(let named) = ProvEvent.securityChosen(plan).namingFlags else { return XCTFail() }
        XCTAssertEqual(named.reason, "from --sec_ver")
    }

    /// A QR payload's `pop` is both the sec1 PoP and the sec2 password, except on a sec2 label (with a
    /// `username`), where it is only the password (so the label implies security 2, issue 22); flags
    /// still win over it.
    func testQRPopIsBothCandidatesAndFlagsWin() throws {
        let qr = #"{"ver":"v1","name":"PROV_1A2B3C","username":"wifiprov","pop":"abcd1234","transport":"ble"}"#
        let command = try ProvisionCommand.parse(["--qr", qr])
        let payload = try command.validateArguments()
        XCTAssertEqual(try command.credentialCandidates(payload), CredentialCandidates(username: "wifiprov", password: "abcd1234"))
        let sec1 = try ProvisionCommand.parse(["--qr", #"{"ver":"v1","name":"PROV_1A2B3C","pop":"abcd1234","transport":"ble"}"#])
        XCTAssertEqual(try sec1.credentialCandidates(try sec1.validateArguments()),
                       CredentialCandidates(proofOfPossession: "abcd1234", password: "abcd1234"))
        let flagged = try ProvisionCommand.parse(["--qr", qr, "--sec2_pwd", "other"])
        XCTAssertEqual(try flagged.credentialCandidates(try flagged.validateArguments()).password, "other")
    }
}
