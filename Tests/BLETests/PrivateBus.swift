import Foundation

/// A throwaway `dbus-daemon` for one test: a config that allows everything, a socket in a fresh
/// temporary directory, and a daemon that is stopped (and its files removed) by `stop()`.
/// Tests never touch the machine's system bus.
///
/// The daemon runs under a small bash script that kills it as soon as its stdin closes, so even a test
/// process that crashes or is killed leaves no daemon behind. SIGKILL, because children of a
/// Swift process inherit a signal mask that blocks SIGTERM; and `stop()` polls instead of calling
/// `Process.waitUntilExit`, which can hang on a Swift concurrency thread.
final class PrivateBus: @unchecked Sendable {
    let address: String
    private let process: Process
    private let lifeline: Pipe
    private let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("esp-prov-bus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let socket = directory.appendingPathComponent("bus").path
        let config = directory.appendingPathComponent("bus.conf")
        try """
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>custom</type>
          <listen>unix:path=\(socket)</listen>
          <auth>EXTERNAL</auth>
          <policy context="default">
            <allow user="*"/>
            <allow own="*"/>
            <allow send_type="method_call"/>
            <allow send_type="signal"/>
            <allow send_requested_reply="true" send_type="method_return"/>
            <allow send_requested_reply="true" send_type="error"/>
            <allow receive_type="method_call"/>
            <allow receive_type="method_return"/>
            <allow receive_type="error"/>
            <allow receive_type="signal"/>
            <allow send_destination="*"/>
          </policy>
        </busconfig>
        """.write(to: config, atomically: true, encoding: .utf8)

        process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [
            "-c",
            // Close descriptors leaked from the test process (a copy of the lifeline's write end
            // would keep `read` from ever seeing EOF), start the daemon, wait for EOF, kill it.
            "for fd in /proc/$$/fd/*; do n=${fd##*/}; [ \"$n\" -gt 2 ] && eval \"exec $n>&-\"; done; "
                + "/usr/bin/dbus-daemon --config-file=\"$0\" --nofork --nopidfile --print-address=1 & daemon=$!; "
                + "read _; kill -KILL $daemon; wait $daemon",
            config.path,
        ]
        lifeline = Pipe()
        let output = Pipe()
        process.standardInput = lifeline
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The daemon prints its address once it listens; read that one line (bounded by the daemon
        // exiting, which closes the pipe).
        var line = Data()
        while true {
            let chunk = try output.fileHandleForReading.read(upToCount: 1) ?? Data()
            if chunk.isEmpty || chunk == Data([0x0A]) { break }
            line.append(chunk)
        }
        guard let printed = String(data: line, encoding: .utf8), !printed.isEmpty else {
            try? lifeline.fileHandleForWriting.close()
            try? FileManager.default.removeItem(at: directory)
            throw NSError(domain: "PrivateBus", code: 1, userInfo: [NSLocalizedDescriptionKey: "dbus-daemon did not start"])
        }
        address = printed
    }

    /// Stops the daemon (waits up to 5 s for it, then kills the wrapper) and removes its files.
    func stop() {
        try? lifeline.fileHandleForWriting.close()
        for _ in 0..<500 where process.isRunning {
            usleep(10_000)
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit {
        stop()
    }
}
