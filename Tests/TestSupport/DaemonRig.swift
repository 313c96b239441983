import Foundation
import WpaCtrl
#if canImport(Glibc)
import Glibc
#endif

/// Real wpa_supplicant and hostapd for one test: a fresh network namespace, configs written into
/// a private temp dir, each daemon waited for (bounded) until its control socket answers PING,
/// and every process stopped by pid in `stop()` — call it from a teardown block so it also runs
/// when the test fails. Two set-ups are known to work without a radio (docs/onboarding.md §5):
/// DPP over TCP (`-Dnone` wpa_supplicant, `driver=none` hostapd) and WPS over wired EAPOL
/// (`startWiredWPS`).
public final class DaemonRig: @unchecked Sendable {
    /// One running daemon.
    public struct Daemon: Sendable {
        public let name: String
        public let pid: pid_t
        /// The `ctrl_interface` directory.
        public let socketDirectory: String
        /// The per-interface control socket.
        public let socketPath: String
        public let logPath: String
        public let interface: String
    }

    /// Why this machine cannot run the rig (not root, daemons missing), or nil. Tests that skip
    /// on it say so; CI runs as root with the packages installed (`make test-deps`).
    public static var unavailableReason: String? {
        if geteuid() != 0 { return "real-daemon tests need root (network namespaces); CI runs them as root" }
        for tool in ["/usr/sbin/wpa_supplicant", "/usr/sbin/hostapd", "/usr/bin/unshare", "/usr/bin/nsenter", "/usr/sbin/ip"]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is missing: `make test-deps` installs wpasupplicant, hostapd, iproute2, util-linux"
        }
        return nil
    }

    /// The private temp dir (short, so socket paths stay inside `sun_path`).
    public let directory: String
    public let namespace: NetworkNamespace
    private var processes: [Process] = []
    private let lock = NSLock()

    public init() throws {
        var template = Array("/tmp/rig-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw Binaries.Failure(description: "mkdtemp failed") }
        directory = String(cString: made)
        chmod(directory, 0o755)
        namespace = try NetworkNamespace()
    }

    /// Starts `wpa_supplicant -D<driver> -i<interface>` with `ctrl_interface=<dir>/<name>` plus `config`.
    @discardableResult
    public func startWpaSupplicant(
        name: String, interface: String = NetworkNamespace.veth.a, driver: String = "none", config: String = "",
        globalSocket: Bool = false, debug: Bool = false
    ) throws -> Daemon {
        let socketDirectory = "\(directory)/\(name)"
        let configPath = "\(directory)/\(name).conf"
        try "ctrl_interface=\(socketDirectory)\n\(config)\n".write(toFile: configPath, atomically: true, encoding: .utf8)
        var arguments = ["-D\(driver)", "-i\(interface)", "-c", configPath] + (debug ? ["-dd"] : [])
        if globalSocket { arguments += ["-g", globalSocketPath(name)] }
        return try start(name: name, executable: "/usr/sbin/wpa_supplicant", arguments: arguments,
                         socketDirectory: socketDirectory, interface: interface)
    }

    /// The global control socket of wpa_supplicant `name` when started with `globalSocket: true`.
    public func globalSocketPath(_ name: String) -> String { "\(directory)/\(name)-global" }

    /// Starts hostapd with `interface=`, `driver=`, `ctrl_interface=<dir>/<name>` plus `config`.
    @discardableResult
    public func startHostapd(
        name: String, interface: String = NetworkNamespace.veth.a, driver: String = "none", config: String = "ssid=rig",
        debug: Bool = false
    ) throws -> Daemon {
        let socketDirectory = "\(directory)/\(name)"
        let configPath = "\(directory)/\(name).conf"
        let text = "interface=\(interface)\ndriver=\(driver)\nctrl_interface=\(socketDirectory)\n\(config)\n"
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
        return try start(name: name, executable: "/usr/sbin/hostapd", arguments: (debug ? ["-dd"] : []) + [configPath],
                         socketDirectory: socketDirectory, interface: interface)
    }

    /// WPS over wired EAPOL (docs/onboarding.md §5): hostapd as AP/registrar (`driver=wired`, WPS on) on
    /// veth0 and a `-Dwired` wpa_supplicant enrollee (`ap_scan=0`) on veth1. Use fresh rigs per
    /// case: hostapd deauthenticates the station about 5 s after a run. `apDebug` runs hostapd with `-dd`
    /// (its log then shows each UPnP request, e.g. an External Registrar unsubscribing).
    public func startWiredWPS(
        ssid: String = "rig-wps", passphrase: String, apConfig: String = "", stationConfig: String = "", apDebug: Bool = false
    ) throws -> (ap: Daemon, station: Daemon) {
        let ap = try startHostapd(name: "ap", interface: NetworkNamespace.veth.a, driver: "wired", config: """
            ieee8021x=1
            eap_server=1
            eapol_version=2
            wps_state=2
            ssid=\(ssid)
            wpa=2
            wpa_key_mgmt=WPA-PSK
            rsn_pairwise=CCMP
            wpa_passphrase=\(passphrase)
            \(apConfig)
            """, debug: apDebug)
        let station = try startWpaSupplicant(name: "sta", interface: NetworkNamespace.veth.b, driver: "wired", config: """
            ap_scan=0
            update_config=1
            \(stationConfig)
            """)
        return (ap, station)
    }

    private func start(name: String, executable: String, arguments: [String], socketDirectory: String, interface: String)
        throws -> Daemon
    {
        let logPath = "\(directory)/\(name).log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        let process = namespace.process(executable, arguments)
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        lock.lock()
        processes.append(process)
        lock.unlock()
        let daemon = Daemon(name: name, pid: process.processIdentifier, socketDirectory: socketDirectory,
                            socketPath: "\(socketDirectory)/\(interface)", logPath: logPath, interface: interface)
        try waitUntilAnswering(daemon, process: process)
        return daemon
    }

    /// Waits (bounded) until the daemon's socket answers PING; throws with its log otherwise.
    private func waitUntilAnswering(_ daemon: Daemon, process: Process, timeout: Duration = .seconds(10)) throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else { break }
            if FileManager.default.fileExists(atPath: daemon.socketPath),
                let client = try? WpaCtrlClient(endpoint: ControlEndpoint(socketPath: daemon.socketPath))
            {
                defer { client.close() }
                if (try? client.ping(timeout: .milliseconds(500))) != nil { return }
            }
            usleep(20_000)
        }
        throw Binaries.Failure(description: "\(daemon.name) did not answer on \(daemon.socketPath): \(log(of: daemon))")
    }

    /// What a daemon logged (for failure messages).
    public func log(of daemon: Daemon) -> String {
        (try? String(contentsOfFile: daemon.logPath, encoding: .utf8)) ?? ""
    }

    /// Stops every daemon by pid, then the namespace, then removes the temp dir. Idempotent.
    public func stop() {
        lock.lock()
        let running = processes
        processes.removeAll()
        lock.unlock()
        for process in running.reversed() { ChildProcesses.stop(process) }
        namespace.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit { stop() }
}
