import Foundation
import XCTest

final class TmpProbeTests: XCTestCase {
    func testProbe() async throws {
        let bus = try PrivateBus()
        let start = Date()
        let shellPID = Mirror(reflecting: bus).children.first { $0.label == "process" }.map { ($0.value as! Process).processIdentifier }!
        print("shell", shellPID, try String(contentsOfFile: "/proc/\(shellPID)/status").split(separator: "\n").filter { $0.hasPrefix("SigBlk") })
        let fds = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(shellPID)/fd")
        print("shell fds", fds.sorted())
        bus.stop()
        print("stop took", Date().timeIntervalSince(start))
    }
}
