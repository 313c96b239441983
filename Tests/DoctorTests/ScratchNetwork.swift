import Foundation
import TestSupport
import XCTest

/// Runs a command inside a fresh network namespace (`unshare --net`) after a setup script, so a
/// test builds exactly the interfaces and routes it needs: nothing touches the machine's own
/// network, and the namespace disappears with the command.
enum ScratchNetwork {
    static let unshare = URL(fileURLWithPath: "/usr/bin/unshare")

    /// Fails, saying why, where namespaces cannot be made: not root, or no `unshare`/`ip`.
    static func requireAvailable() throws {
        guard FileManager.default.isExecutableFile(atPath: unshare.path),
              FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") || FileManager.default.isExecutableFile(atPath: "/usr/bin/ip")
        else { throw CannotRun("needs unshare and ip (util-linux, iproute2)") }
        let probe = try Binaries.run(executable: unshare, ["--net", "true"], timeout: 10)
        guard probe.status == 0 else {
            throw CannotRun("cannot create a network namespace (run as root, as CI does): \(probe.stderr)")
        }
    }

    /// `setup` (shell commands, e.g. `ip link add …`), then `executable arguments` in the same namespace.
    static func run(setup: String, _ executable: URL, _ arguments: [String]) throws -> ProcessResult {
        let command = "set -e; \(setup)\nexec \"$0\" \"$@\""
        return try Binaries.run(executable: unshare, ["--net", "/bin/bash", "-c", command, executable.path] + arguments, timeout: 30)
    }
}
