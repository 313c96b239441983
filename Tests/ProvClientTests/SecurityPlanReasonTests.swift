@testable import ProvClient
import XCTest

/// Why a plan chose its scheme is a typed fact (`SecurityPlan.Reason`) a library consumer can switch
/// on; its words (verbose output, the JSON `security` event's `reason`) are what they have always been.
final class SecurityPlanReasonTests: XCTestCase {
    private let sec2Login = CredentialCandidates(username: "wifiprov", password: "abcd1234")

    private func plan(_ proto: String, requested: SecurityVersion? = nil, credentials: CredentialCandidates = .none) throws -> SecurityPlan {
        try SecurityPlan(requested: requested, device: try DeviceInfo(parsing: Array(proto.utf8)), credentials: credentials)
    }

    func testEveryReasonIsAFactWithItsUsualWords() throws {
        let cases: [(SecurityPlan, SecurityPlan.Reason, String)] = [
            (try plan(#"{"prov":{"ver":"v1.1","sec_ver":1,"cap":[]}}"#, requested: .sec1),
             .requested(below: nil), "as the caller requested"),
            (try plan(#"{"prov":{"ver":"v1.1","sec_ver":1,"cap":["no_pop"]}}"#, requested: .sec1, credentials: sec2Login),
             .requested(below: .sec2),
             "as the caller requested, below the security 2 that the security 2 username/password given implies"),
            (try plan(#"{"prov":{"ver":"v1.1","sec_ver":2,"cap":[]}}"#, credentials: sec2Login),
             .advertised, "from the device's proto-ver sec_ver; meets the security 2 that the security 2 username/password given implies"),
            (try plan(#"{"prov":{"ver":"v1.1","cap":["no_sec"]}}"#), .noSecurity, "device advertises no_sec"),
            (try plan(""), .guessed(.emptyProtoVer, assumed: .sec1),
             "proto-ver is empty; assuming security 1 (name the security version to use)"),
            (try plan("v1.0"), .guessed(.plainVersionString, assumed: .sec1),
             "proto-ver is a plain version string, not the provisioning manager's JSON; assuming security 1 "
                + "(name the security version to use)"),
            (try plan(#"{"other":{}}"#), .guessed(.noProvObject, assumed: .sec1),
             "proto-ver has no 'prov' object; assuming security 1 (name the security version to use)"),
            (try plan(#"{"prov":{"ver":"v1.1","cap":[]}}"#, credentials: sec2Login), .guessed(.noSecVer, assumed: .sec2),
             "device does not advertise sec_ver; assuming security 2, as the security 2 username/password given implies "
                + "(name the security version to use); meets the security 2 that the security 2 username/password given implies"),
        ]
        for (plan, why, words) in cases {
            XCTAssertEqual(plan.why, why, words)
            XCTAssertEqual(plan.reason, words)
        }
    }

    /// The remedy in a reason is a value: a front end words it without searching the text.
    func testTheReasonsRemedyIsAValueAFrontEndWords() throws {
        let guessed = try plan("v1.0")
        XCTAssertEqual(guessed.reasonMessage.remedies, [.chooseSecurityVersion])
        XCTAssertEqual(guessed.rewordingRemedies { "<\($0.rawValue)>" }.reason,
                       "proto-ver is a plain version string, not the provisioning manager's JSON; assuming security 1 "
                           + "(<chooseSecurityVersion>)")
        XCTAssertEqual(try plan(#"{"prov":{"ver":"v1.1","sec_ver":1,"cap":[]}}"#, requested: .sec1).reasonMessage.remedies,
                       [.requestedSecurityVersion])
        XCTAssertEqual(try plan(#"{"prov":{"ver":"v1.1","sec_ver":2,"cap":[]}}"#).reasonMessage.remedies, [])
    }

    /// A missing secret under a guessed scheme carries the guess's remedy as a value too.
    func testAGuessExplainsAMissingSecretWithItsRemedy() throws {
        let explained = ProvError.missing(.secret(.proofOfPossession), guess: nil).explainingGuess(try plan(""))
        XCTAssertEqual(explained.remedies, [.chooseSecurityVersion])
        XCTAssertEqual("\(explained)", "missing the proof of possession (no terminal to ask on); proto-ver is empty; "
                           + "assuming security 1 (name the security version to use)")
    }
}
