@testable import ProvDevice
import XCTest

/// The numbered rules of docs/protocol.md §4.1, on the pure binding state.
final class CookieSessionBindingTests: XCTestCase {
    private var ids: [UInt32] = []
    private func fresh() -> UInt32 { ids.removeFirst() }

    override func setUp() { ids = [1804289383, 846930886, 1681692777, 1714636915] }

    /// A binding whose session 1804289383 came without a cookie on socket 1; the next id is 846930886.
    private func bindingWithSocketSession() -> CookieSessionBinding {
        ids = [1804289383, 846930886]
        var binding = CookieSessionBinding()
        _ = binding.bind(cookie: nil, connection: 1, newSessionID: fresh)
        return binding
    }

    func testFirstRequestCreatesASessionBoundToItsSocket() {
        var binding = CookieSessionBinding()
        let first = binding.bind(cookie: nil, connection: 1, newSessionID: fresh)
        XCTAssertEqual(first, .init(sessionID: 1804289383, created: true, replaced: nil))
        let again = binding.bind(cookie: nil, connection: 1, newSessionID: fresh)
        XCTAssertEqual(again, .init(sessionID: 1804289383, created: false, replaced: nil))
        let otherSocket = binding.bind(cookie: nil, connection: 2, newSessionID: fresh)
        XCTAssertEqual(otherSocket, .init(sessionID: 846930886, created: true, replaced: 1804289383))
    }

    func testExactCookieMatchesAndUnbindsTheSocket() {
        var binding = CookieSessionBinding()
        _ = binding.bind(cookie: nil, connection: 1, newSessionID: fresh)
        let cookie = binding.bind(cookie: "session=1804289383", connection: 2, newSessionID: fresh)
        XCTAssertFalse(cookie.created)
        XCTAssertNil(binding.sockSessionID, "cookie match clears sock_session_id")
        let noCookieSameSocket = binding.bind(cookie: nil, connection: 1, newSessionID: fresh)
        XCTAssertTrue(noCookieSameSocket.created, "once cleared, only the cookie identifies the session")
    }

    func testAnyOtherCookieValueStartsANewSession() {
        for value in ["session=1; foo=bar", "Session=1804289383", "session=0180428938", "session=1804289384", "session= 180428938", ""] {
            var binding = bindingWithSocketSession()
            let bound = binding.bind(cookie: value, connection: 1, newSessionID: fresh)
            XCTAssertEqual(bound, .init(sessionID: 846930886, created: true, replaced: 1804289383), "cookie '\(value)'")
        }
    }

    func testTwentyCharacterBufferRule() {
        var binding = bindingWithSocketSession()
        // Longer than 20: treated as absent, so the socket decides (same socket → same session).
        let long = binding.bind(cookie: "session=1804289383; a=b", connection: 1, newSessionID: fresh)
        XCTAssertFalse(long.created)
        // Once the cookie has been used, the socket no longer counts: an echoed Set-Cookie with
        // attributes (too long, so "absent") then starts a new session.
        _ = binding.bind(cookie: "session=1804289383", connection: 1, newSessionID: fresh)
        let decorated = binding.bind(cookie: "session=1804289383; Path=/", connection: 1, newSessionID: fresh)
        XCTAssertEqual(decorated, .init(sessionID: 846930886, created: true, replaced: 1804289383))
    }

    func testTwentyCharacterCookieNeverMatches() {
        var binding = bindingWithSocketSession()
        // Exactly 20: truncated, never matches.
        let twenty = binding.bind(cookie: "session=1804289383xx", connection: 1, newSessionID: fresh)
        XCTAssertTrue(twenty.created)
    }

    func testClosingTheCreatingSocketKeepsTheCookieValid() {
        var binding = CookieSessionBinding()
        _ = binding.bind(cookie: nil, connection: 1, newSessionID: fresh)
        binding.connectionClosed(2)
        XCTAssertEqual(binding.sockSessionID, 1)
        binding.connectionClosed(1)
        XCTAssertNil(binding.sockSessionID)
        let byCookie = binding.bind(cookie: "session=1804289383", connection: 3, newSessionID: fresh)
        XCTAssertFalse(byCookie.created)
    }
}
