import Foundation

/// What a finished child process said.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    public var output: String { stdout + stderr }
}

/// Writes to a child's stdin without the test process dying of SIGPIPE when the child has already
/// exited: the test then fails on what the child said, and the rest of the suite still runs.
/// SIGPIPE is blocked on this thread only, for the write: ignoring it process-wide would be
/// inherited by every child started afterwards, and hide a child's own SIGPIPE handling.
enum ChildInput {
    static func write(_ data: Data, to pipe: Pipe) {
        var brokenPipe = sigset_t()
        sigemptyset(&brokenPipe)
        sigaddset(&brokenPipe, SIGPIPE)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &brokenPipe, &previous)
        defer {
            var pending = sigset_t()
            sigpending(&pending)
            if sigismember(&pending, SIGPIPE) == 1 {
                var now = timespec()
                _ = sigtimedwait(&brokenPipe, nil, &now)
            }
            pthread_sigmask(SIG_SETMASK, &previous, nil)
        }
        try? pipe.fileHandleForWriting.write(contentsOf: data)
    }
}

/// Runs the package's own executables the way a user or CI would, with a bound on every wait.
public enum Binaries {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The build products directory: next to the test bundle, or `ESP_PROV_BIN_DIR`.
    public static var directory: URL {
        if let override = ProcessInfo.processInfo.environment["ESP_PROV_BIN_DIR"] {
            return URL(fileURLWithPath: override)
        }
        let bundle = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        var directory = bundle.deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("esp-prov").path) { return directory }
            directory = directory.deletingLastPathComponent()
        }
        return bundle.deletingLastPathComponent()
    }

    /// A package executable by name, or any program by absolute path (`/bin/bash` for shell plumbing).
    public static func url(_ name: String) -> URL {
        name.hasPrefix("/") ? URL(fileURLWithPath: name) : directory.appendingPathComponent(name)
    }

    /// `run` for async tests: the blocking waits happen on a plain thread, so the cooperative pool
    /// stays free for in-process peers (a fake bluetoothd) the child is talking to.
    public static func run(
        _ name: String, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
        timeout: TimeInterval = 60
    ) async throws -> ProcessResult {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result {
                    try run(name, arguments, environment: environment, stdin: stdin, timeout: timeout) as ProcessResult
                })
            }
        }
    }

    /// Runs `name` to completion; kills it and throws if it outlives `timeout`.
    public static func run(
        _ name: String, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
        timeout: TimeInterval = 60
    ) throws -> ProcessResult {
        try run(executable: url(name), arguments, environment: environment, stdin: stdin, timeout: timeout)
    }

    /// Runs any executable (a system tool, a binary installed somewhere else) the same way.
    /// Runs `esp-prov` as the unprivileged user `nobody` (uid/gid 65534, no groups), the way a user
    /// outside the daemons' group would, with the same bound on the wait as every other run.
    public static func runAsNobody(
        _ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 30
    ) throws -> ProcessResult {
        try run(
            executable: URL(fileURLWithPath: "/usr/bin/setpriv"),
            ["--reuid=65534", "--regid=65534", "--clear-groups", url("esp-prov").path] + arguments,
            environment: environment, timeout: timeout)
    }

    public static func run(
        executable: URL, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
        timeout: TimeInterval = 60
    ) throws -> ProcessResult {
        let name = executable.lastPathComponent
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "ESP_PROV_POP")
        env.removeValue(forKey: "ESP_PROV_SEC2_PWD")
        env.removeValue(forKey: "ESP_PROV_PASSPHRASE")
        env.removeValue(forKey: "ESP_PROV_DATASET_TLVS")
        env.merge(environment) { $1 }
        process.environment = env
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdoutData = Collector(output.fileHandleForReading)
        let stderrData = Collector(errors.fileHandleForReading)
        if let stdin { ChildInput.write(Data(stdin.utf8), to: input) }
        try? input.fileHandleForWriting.close()
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            process.waitUntilExit()
            finished.signal()
        }
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            _ = finished.wait(timeout: .now() + 5)
            throw Failure(description: "\(name) \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
        }
        return ProcessResult(status: process.terminationStatus, stdout: stdoutData.text(), stderr: stderrData.text())
    }
}

/// Drains a pipe on a background thread so a chatty child never blocks on a full pipe.
/// Blocking waits use their own threads, not GCD's global queue: it adds a worker about every
/// 2 s once its few threads are all blocked, which made each extra device take 2 s to start.
final class Collector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchGroup()

    init(_ handle: FileHandle) {
        done.enter()
        Thread.detachNewThread {
            self.data = handle.readDataToEndOfFile()
            self.done.leave()
        }
    }

    /// Everything the child wrote, waiting (bounded) for it to close the pipe; callable repeatedly.
    func text() -> String {
        _ = done.wait(timeout: .now() + 10)
        return String(decoding: data, as: UTF8.self)
    }
}

/// An `esp-prov-device` running in the background on an ephemeral loopback port.
public final class DeviceProcess: @unchecked Sendable {
    public let port: Int
    private let process: Process
    private let stderrCollector: Collector

    public var serviceName: String { "127.0.0.1:\(port)" }

    /// Starts the device and waits (bounded) for its `listening on HOST:PORT` line.
    public init(_ arguments: [String], startTimeout: TimeInterval = 20) throws {
        process = Process()
        process.executableURL = Binaries.url("esp-prov-device")
        process.arguments = ["--listen", "127.0.0.1:0"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        stderrCollector = Collector(errors.fileHandleForReading)
        let line = LineReader(output.fileHandleForReading).firstLine(within: .seconds(startTimeout))
        let prefix = "listening on 127.0.0.1:"
        guard let line, line.hasPrefix(prefix), let port = Int(line.dropFirst(prefix.count)) else {
            process.terminate()
            throw Binaries.Failure(description: "esp-prov-device did not report its port: \(line ?? "<nothing>")")
        }
        self.port = port
    }

    /// Asks the device to stop (SIGTERM), as a service manager would; `waitForExit` says how it ended.
    public func terminate() { process.terminate() }

    /// Waits (bounded) for the exit status; nil if the device is still running.
    public func waitForExit(timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Everything logged to standard error (complete once the device has exited).
    public var stderr: String { stderrCollector.text() }

    /// What the device logged (never secrets), for test failure messages.
    /// A device that ignores SIGTERM (a bug worth a failing test, never a hung suite) is killed
    /// after `grace`.
    public func stop(grace: TimeInterval = 10) -> String {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(grace)
            while process.isRunning, Date() < deadline { usleep(20_000) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return stderrCollector.text() + "\n[test support: esp-prov-device ignored SIGTERM for \(grace) s; killed]"
            }
        }
        return stderrCollector.text()
    }

    deinit { _ = stop() }
}
