import Dispatch
import Foundation
import ProcessSignals
import WpaCtrl
import XCTest

/// `SignalWatch`, the one signal idiom of the executables, and `SignalCleanup` on top of it: a
/// signal runs ordinary code (not a handler) and the process lives on. SIGUSR1/SIGUSR2 stand in
/// for SIGINT/SIGTERM, so a broken watch cannot kill the test runner on Ctrl-C's signal.
final class SignalCleanupTests: XCTestCase {
    func testSignalRunsTheHandlerWithItsNumberAndTheProcessLivesOn() {
        let seen = DispatchSemaphore(value: 0)
        let numbers = Numbers()
        let watch = SignalWatch([SIGUSR1]) { number in
            numbers.append(number)
            seen.signal()
        }
        defer { watch.cancel(restoringDefaults: true) }
        XCTAssertTrue(Self.raiseUntilSeen(SIGUSR1, seen), "the handler never ran")
        XCTAssertEqual(numbers.values.first, SIGUSR1)
        XCTAssertEqual(Set(numbers.values), [SIGUSR1])
    }

    func testCleanupRunsTheRegistryBeforeHandingOver() {
        let registry = CleanupRegistry()
        let cleaned = Numbers()
        _ = registry.add { cleaned.append(1) }
        let handedOver = DispatchSemaphore(value: 0)
        let order = Numbers()
        let cleanup = SignalCleanup(registry: registry, signals: [SIGUSR2]) { number in
            order.append(Int32(cleaned.values.count))
            order.append(number)
            handedOver.signal()
        }
        defer { cleanup.cancel() }
        XCTAssertTrue(Self.raiseUntilSeen(SIGUSR2, handedOver), "onSignal never ran")
        XCTAssertEqual(Array(order.values.prefix(2)), [1, SIGUSR2], "the registry ran first, then onSignal got the number")
        XCTAssertEqual(registry.pendingCount, 0)
    }

    /// Dispatch registers a source asynchronously after `resume()`, and until then the signal is
    /// ignored (`SIG_IGN`), so the test raises it again every 50 ms (bounded: 10 s) until `seen`.
    private static func raiseUntilSeen(_ number: Int32, _ seen: DispatchSemaphore) -> Bool {
        for _ in 0..<200 {
            raise(number)
            if seen.wait(timeout: .now() + .milliseconds(50)) == .success { return true }
        }
        return false
    }
}

private final class Numbers: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Int32] = []
    func append(_ value: Int32) { lock.withLock { stored.append(value) } }
    var values: [Int32] { lock.withLock { stored } }
}
