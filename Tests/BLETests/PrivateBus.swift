import Foundation

/// A throwaway `dbus-daemon` for one test: a config that allows everything, a socket in a fresh
/// temporary directory, and a daemon that is stopped (and its files removed) by `stop()`.
/// Tests never touch the machine's system bus.
///
/// The daemon runs under a small bash script that kills it when the test process goes away, so even
/// a test process that crashes or is killed leaves no daemon behind. SIGKILL, because children
/// spawned from a Swift concurrency thread inherit a signal mask that blocks SIGTERM; and nothing
/// calls `Process.waitUntilExit`, which can hang on such a thread.
final class PrivateBus: @unchecked Sendable {
    let address: String
    private let process: Process
    private let daemon: pid_t
    private let directory: URL

    /// `policy`: extra `<deny …/>`/`<allow …/>` rules after the allow-everything ones, to make
    /// the bus refuse what a real system bus's policy may refuse.
    init(policy: String = "") throws {
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
            \(policy)
          </policy>
        </busconfig>
        """.write(to: config, atomically: true, encoding: .utf8)

        process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        // The script prints the daemon's pid next to its address, then watches both this process
        // and the daemon: if the test process dies the daemon is killed too.
        process.arguments = [
            "-c",
            "/usr/bin/dbus-daemon --config-file=\"$0\" --nofork --nopidfile --print-address=1 & daemon=$!; "
                + "echo \"pid $daemon\"; "
                + "while kill -0 $PPID 2>/dev/null && kill -0 $daemon 2>/dev/null; do sleep 0.2; done; "
                + "kill -KILL $daemon 2>/dev/null; wait $daemon",
            config.path,
        ]
        let output = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Two lines, in either order: the address (once the daemon listens) and its pid. Bounded
        // by the script exiting, which closes the pipe.
        var address: String?
        var daemon: pid_t?
        var line = Data()
        while address == nil || daemon == nil {
            let chunk = try output.fileHandleForReading.read(upToCount: 1) ?? Data()
            if chunk.isEmpty { break }
            if chunk != Data([0x0A]) {
                line.append(chunk)
                continue
            }
            let text = String(decoding: line, as: UTF8.self)
            line.removeAll()
            if text.hasPrefix("pid ") { daemon = pid_t(text.dropFirst(4)) } else if !text.isEmpty { address = text }
        }
        guard let address, let daemon else {
            if let daemon { kill(daemon, SIGKILL) }
            try? FileManager.default.removeItem(at: directory)
            throw NSError(domain: "PrivateBus", code: 1, userInfo: [NSLocalizedDescriptionKey: "dbus-daemon did not start"])
        }
        self.address = address
        self.daemon = daemon
    }

    /// Kills the daemon and removes its files; the watcher script reaps it and exits by itself.
    func stop() {
        kill(daemon, SIGKILL)
        try? FileManager.default.removeItem(at: directory)
    }

    deinit {
        stop()
    }
}
