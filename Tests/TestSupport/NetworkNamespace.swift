import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A private network namespace (`unshare --net`) with loopback up and one veth pair, held open
/// by a bounded `sleep`: daemons started in it (through `nsenter`) cannot clash with the host's
/// or another test's ports (DPP's controller binds TCP 8908 on all addresses), and the kernel
/// removes its links when the last process in it exits.
public final class NetworkNamespace: @unchecked Sendable {
    /// The two ends of the veth pair and their addresses (10.77.0.1/24 and 10.77.0.2/24).
    public static let veth = (a: "veth0", b: "veth1")
    public static let address = (a: "10.77.0.1", b: "10.77.0.2")

    private let holder: Process

    /// The holder's pid; `/proc/<pid>/ns/net` names the namespace.
    public var pid: pid_t { holder.processIdentifier }

    /// Creates the namespace and waits (bounded) until its links are configured.
    public init(lifetime: Duration = .seconds(300), timeout: Duration = .seconds(10)) throws {
        let setup = [
            "ip link set lo up",
            "ip link add \(Self.veth.a) type veth peer name \(Self.veth.b)",
            "ip link set \(Self.veth.a) up", "ip link set \(Self.veth.b) up",
            "ip addr add \(Self.address.a)/24 dev \(Self.veth.a)",
            "ip addr add \(Self.address.b)/24 dev \(Self.veth.b)",
            "echo ready", "exec sleep \(lifetime.components.seconds)",
        ].joined(separator: " && ")
        holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        holder.arguments = ["--net", "--", "/bin/sh", "-c", setup]
        let output = Pipe()
        let errors = Pipe()
        holder.standardOutput = output
        holder.standardError = errors
        holder.standardInput = FileHandle.nullDevice
        try holder.run()
        let stderr = Collector(errors.fileHandleForReading)
        let line = LineReader(output.fileHandleForReading).firstLine(within: timeout)
        guard line == "ready" else {
            stop()
            throw Binaries.Failure(description: "network namespace set-up failed: \(stderr.text())")
        }
    }

    /// A process that runs `executable` inside the namespace (not yet started); `nsenter` execs
    /// it, so the process's pid is the program's own.
    public func process(_ executable: String, _ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nsenter")
        process.arguments = ["--net=/proc/\(pid)/ns/net", "--", executable] + arguments
        return process
    }

    /// Ends the holder (the namespace goes once nothing else runs in it).
    public func stop() {
        ChildProcesses.stop(holder)
    }

    deinit { stop() }
}

/// Stopping children by pid with a bound: SIGTERM, then SIGKILL if it outlives `grace`.
public enum ChildProcesses {
    public static func stop(_ process: Process, grace: Duration = .seconds(3)) {
        guard process.processIdentifier > 0, process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while process.isRunning && ContinuousClock.now < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// Reads a child's first output line on its own thread, so the wait for it has a deadline.
final class LineReader: @unchecked Sendable {
    private let handle: FileHandle
    private var line: String?
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) { self.handle = handle }

    func firstLine(within timeout: Duration) -> String? {
        Thread.detachNewThread { [self] in
            var bytes = Data()
            while let byte = try? handle.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { bytes += byte }
            line = String(decoding: bytes, as: UTF8.self)
            done.signal()
            _ = handle.readDataToEndOfFile()
        }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        return done.wait(timeout: .now() + seconds) == .success ? line : nil
    }
}
