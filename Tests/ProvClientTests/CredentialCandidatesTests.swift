import ProvClient
import XCTest

/// What the caller holds is resolved into the one credential the device's scheme consumes, asking
/// only for what that scheme needs, in the order the prompts have always come.
final class CredentialCandidatesTests: XCTestCase {
    private func plan(_ proto: String, requested: SecurityVersion? = nil) throws -> SecurityPlan {
        try SecurityPlan(requested: requested, device: DeviceInfo(parsing: Array(proto.utf8)))
    }

    private let sec1 = #"{"prov":{"ver":"v1.1","sec_ver":1,"cap":["wifi_scan"]}}"#
    private let sec2 = #"{"prov":{"ver":"v1.1","sec_ver":2,"sec_patch_ver":1,"cap":["wifi_scan"]}}"#

    /// A run holding both a PoP and a sec2 login lets proto-ver pick; nothing is asked.
    func testTheDeviceSchemePicksAmongHeldCredentials() async throws {
        let held = CredentialCandidates(proofOfPossession: "pop-7", username: "wifiprov", password: "abcd1234")
        let refuse: (SecretPrompt) async throws -> String = { XCTFail("asked for \($0)"); return "" }
        let asSec1 = try await held.resolve(for: try plan(sec1), ask: refuse)
        XCTAssertEqual(asSec1, .proofOfPossession("pop-7"))
        let asSec2 = try await held.resolve(for: try plan(sec2), ask: refuse)
        XCTAssertEqual(asSec2, .sec2(username: "wifiprov", password: "abcd1234"))
        let asSec0 = try await held.resolve(for: try plan(#"{"prov":{"ver":"v1.1","sec_ver":0,"cap":[]}}"#), ask: refuse)
        XCTAssertEqual(asSec0, .none)
    }

    /// Missing halves are asked for, username before password; an empty or missing PoP too.
    func testMissingHalvesAreAskedForInOrder() async throws {
        let asked = Asked()
        let ask: (SecretPrompt) async throws -> String = { prompt in
            await asked.append(prompt)
            return prompt == .username ? "wifiprov" : "typed"
        }
        let sec2Login = try await CredentialCandidates(password: "abcd1234").resolve(for: try plan(sec2), ask: ask)
        XCTAssertEqual(sec2Login, .sec2(username: "wifiprov", password: "abcd1234"))
        let nothing = try await CredentialCandidates.none.resolve(for: try plan(sec2), ask: ask)
        XCTAssertEqual(nothing, .sec2(username: "wifiprov", password: "typed"))
        let emptyPop = try await CredentialCandidates(proofOfPossession: "").resolve(for: try plan(sec1), ask: ask)
        XCTAssertEqual(emptyPop, .proofOfPossession("typed"))
        let prompts = await asked.prompts
        XCTAssertEqual(prompts, [.username, .username, .password, .proofOfPossession])
    }

    /// An empty answer is refused; a PoP for a `no_pop` device is dropped with a note.
    func testEmptyAnswersAndUnneededPoP() async throws {
        do {
            _ = try await CredentialCandidates.none.resolve(for: try plan(sec1), ask: { _ in "" })
            XCTFail("an empty PoP was accepted")
        } catch let error as ProvError {
            XCTAssertEqual(error, .emptySecret(.proofOfPossession))
        }
        var notes: [String] = []
        let noPop = try plan(#"{"prov":{"ver":"v1.1","cap":["no_pop"]}}"#)
        let resolved = try await CredentialCandidates(proofOfPossession: "pop-7").resolve(
            for: noPop, ask: { _ in XCTFail("asked"); return "" }, note: { notes.append($0) })
        XCTAssertEqual(resolved, .none)
        XCTAssertEqual(notes, ["Proof of Possession will be ignored (the device advertises no_pop)"])
        XCTAssertEqual(try noPop.makeScheme(resolved).scheme.version, .sec1)
    }

    /// The scheme is built from the resolved credential only; a credential of another scheme is a bug.
    func testMakeSchemeTakesTheResolvedCredential() throws {
        let sec2Plan = try plan(sec2)
        let choice = try sec2Plan.makeScheme(.sec2(username: "wifiprov", password: "abcd1234"))
        XCTAssertEqual(choice.scheme.version, .sec2)
        XCTAssertNil(choice.fallback, "H(I:p) of these credentials does not start with 0x00")
        let ambiguous = try sec2Plan.makeScheme(.sec2(username: "wifiprov", password: "pw69"))
        XCTAssertEqual(ambiguous.fallback?.version, .sec2, "esp_prov's x derivation is the fallback")
        XCTAssertThrowsError(try sec2Plan.makeScheme(.proofOfPossession("pop-7"))) { error in
            guard case .internalError? = error as? ProvError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(CredentialCandidates(.sec2(username: "u", password: "p")), CredentialCandidates(username: "u", password: "p"))
        XCTAssertFalse("\(CredentialCandidates(proofOfPossession: "pop-7"))".contains("pop-7"))
    }
}

private actor Asked {
    var prompts: [SecretPrompt] = []
    func append(_ prompt: SecretPrompt) { prompts.append(prompt) }
}
