import DPP
@testable import esp_prov
import OpenSync
import WpaCtrl
import XCTest

/// The onboarding libraries (DPP, WpaCtrl, OpenSync) advise without naming a flag; each
/// subcommand family's error mapping prints the flag wording esp-prov has always printed.
final class DaemonErrorWordingTests: XCTestCase {
    func testTheCLINamesTheFlagsTheLibrariesDoNot() throws {
        let ambiguous = ControlSocketLocator.Failure.ambiguous(directory: "/run/wpa_supplicant", candidates: ["wlan0", "wlan1"])
        let cases: [(library: String, cli: CommandFailure, expected: String)] = [
            ("\(ambiguous)", try XCTUnwrap(CommandFailure.daemon(ambiguous)),
             "/run/wpa_supplicant holds several control sockets (wlan0, wlan1): pick one with --interface"),
            ("\(DPPFailure.authenticationNotStarted(tcp: nil))", DPPSession.failure(for: DPPFailure.authenticationNotStarted(tcp: nil)),
             "the daemon refused to start DPP authentication over the air (DPP_AUTH_INIT FAIL): does this interface have a radio? "
                + "Use --tcp HOST for DPP over TCP"),
            ("\(DPPFailure.configurationFailed("DPP-CONF-FAILED"))", DPPSession.failure(for: DPPFailure.configurationFailed("DPP-CONF-FAILED")),
             "the configuration was refused or failed after authentication (DPP-CONF-FAILED): check --conf matches what the device supports"),
            ("\(OpenSyncWPSError.sessionRunning(ifName: "wl1", keyId: "key"))",
             WPSOpenSyncCommand.failure(OpenSyncWPSError.sessionRunning(ifName: "wl1", keyId: "key")),
             "a WPS session with key id 'key' is running on wl1; wait for it to end or cancel it (--cancel) first"),
            ("\(OpenSyncWPSError.neverEnded(ifNames: ["wl0", "wl1"], cancelled: false))",
             WPSOpenSyncCommand.failure(OpenSyncWPSError.neverEnded(ifNames: ["wl0", "wl1"], cancelled: false)),
             "the WPS session on wl0, wl1 was still running at the deadline and could not be cancelled: run esp-prov wps opensync --cancel"),
        ]
        for (library, cli, expected) in cases {
            XCTAssertEqual(cli.message, expected)
            XCTAssertFalse(library.contains("--") || library.contains("esp-prov"), "the library names a flag or command: \(library)")
        }
        XCTAssertEqual(CommandFailure.daemon(ambiguous)?.status, .usage)
        XCTAssertEqual(WPSOpenSyncCommand.failure(OpenSyncWPSError.neverEnded(ifNames: ["wl0"], cancelled: true)).message,
                       "the WPS session on wl0 was still running at the deadline; it was cancelled")
    }
}
