import Foundation

/// A child process driven like a person at a keyboard: read what it printed so far, type a line.
/// With `pseudoTerminal: true` it runs under `script(1)`, so the child sees a real terminal
/// (echo, hidden input) and the captured output is what the screen showed.
public final class InteractiveProcess: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let lock = NSLock()
    private var buffer = Data()
    private var consumed = 0
    private var ended = false

    public init(_ name: String, _ arguments: [String], pseudoTerminal: Bool = false, environment: [String: String] = [:]) throws {
        let executable = Binaries.url(name).path
        if pseudoTerminal {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            let command = ([executable] + arguments).map(Self.shellQuoted).joined(separator: " ")
            process.arguments = ["-qfec", command, "/dev/null"]
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        var env = ProcessInfo.processInfo.environment
        env["TERM"] = "dumb"
        env.removeValue(forKey: "NO_COLOR")  // the test runner sets it; tests choose
        env.merge(environment) { $1 }
        process.environment = env
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let reader = output.fileHandleForReading
        DispatchQueue.global().async {
            while true {
                let chunk = reader.availableData
                self.lock.withLock {
                    if chunk.isEmpty { self.ended = true } else { self.buffer += chunk }
                }
                if chunk.isEmpty { return }
            }
        }
    }

    /// Everything printed so far.
    public var transcript: String { lock.withLock { String(decoding: buffer, as: UTF8.self) } }

    /// Waits (bounded) until the output after the last match contains `text`; returns what came before it.
    @discardableResult
    public func expect(_ text: String, timeout: TimeInterval = 20) throws -> String {
        guard let found = try expectUnlessEnded(text, timeout: timeout) else {
            throw Binaries.Failure(description: "the process ended before printing '\(text)'; transcript:\n\(transcript)")
        }
        return found
    }

    /// Like `expect`, but returns nil when the process closed its output without printing `text`.
    public func expectUnlessEnded(_ text: String, timeout: TimeInterval = 20) throws -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let found: String? = lock.withLock {
                let unread = String(decoding: buffer[consumed...], as: UTF8.self)
                guard let range = unread.range(of: text) else { return nil }
                consumed += unread[..<range.upperBound].utf8.count
                return String(unread[..<range.lowerBound])
            }
            if let found { return found }
            if lock.withLock({ ended }) { return nil }
            usleep(20_000)
        }
        throw Binaries.Failure(description: "did not see '\(text)' within \(timeout) s; transcript:\n\(transcript)")
    }

    /// `expectUnlessEnded` for async tests: waits on a plain thread, so the cooperative pool stays
    /// free for in-process peers (a fake bluetoothd) the child is talking to.
    public func waitFor(_ text: String, timeout: TimeInterval = 20) async throws -> String? {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try self.expectUnlessEnded(text, timeout: timeout) })
            }
        }
    }

    /// The child's pid (to signal it: Ctrl-C, SIGTERM).
    public var pid: pid_t { process.processIdentifier }

    public func type(_ line: String) {
        ChildInput.write(Data((line + "\n").utf8), to: input)
    }

    /// One step of a dialogue: waits (bounded) for `prompt`, then types `text` and Enter.
    public func answer(_ prompt: String, with text: String, timeout: TimeInterval = 20) throws {
        try expect(prompt, timeout: timeout)
        type(text)
    }

    public func closeInput() { try? input.fileHandleForWriting.close() }

    /// Sends `number` (SIGINT for a Ctrl-C) to the child itself; only meaningful without a pseudo-terminal.
    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits (bounded) for the exit status; kills the child if it does not exit in time.
    public func wait(timeout: TimeInterval = 30) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            throw Binaries.Failure(description: "did not exit within \(timeout) s; transcript:\n\(transcript)")
        }
        usleep(50_000)
        return process.terminationStatus
    }

    deinit { if process.isRunning { process.terminate() } }

    private static func shellQuoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
