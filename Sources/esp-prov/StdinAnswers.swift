#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Foundation
import ProvSupport

/// Answers to prompts from a stdin that is not a terminal, one line per prompt in prompt order, as
/// esp_prov's `input()` and `getpass` read them: `printf '1\ncorrect-horse\n' | esp-prov …` works.
/// Every read has a bound, so a pipe that stays open without a line ends the run instead of hanging it.
/// `@unchecked Sendable`: `buffer` and `ended` are guarded by `lock` (held across a whole line read); the rest is immutable.
final class StdinAnswers: @unchecked Sendable {
    /// What one read gave.
    enum Answer: Equatable {
        case line(String)
        case endOfInput
        case timedOut
        /// More than `maximumLineBytes` arrived without a line ending (not an answer: a runaway producer).
        case tooLong
    }

    /// Longer than any answer or pasted console reply; bounds what an unterminated stdin can hold.
    static let maximumLineBytes = 64 * 1024
    /// `ESP_PROV_ANSWER_TIMEOUT` above this (a day) is refused rather than overflowing the conversion.
    static let maximumBoundSeconds = 86_400.0

    /// The bound when `ESP_PROV_ANSWER_TIMEOUT` does not set one: long enough for a slow producer.
    static let defaultBound = Duration.seconds(60)
    static let boundVariable = "ESP_PROV_ANSWER_TIMEOUT"

    let bound: Duration
    private let descriptor: Int32
    private let lock = NSLock()
    private var buffer: [UInt8] = []
    private var ended = false

    init(bound: Duration, descriptor: Int32 = STDIN_FILENO) {
        self.bound = bound
        self.descriptor = descriptor
    }

    /// The bound from `ESP_PROV_ANSWER_TIMEOUT` (seconds), or the default.
    static func bound(environment: [String: String]) throws -> Duration {
        guard let text = environment[boundVariable], !text.isEmpty else { return defaultBound }
        guard let seconds = Double(text), seconds > 0, seconds <= maximumBoundSeconds else {
            throw ValidationError("\(boundVariable)=\(text): must be a positive number of seconds, at most \(Int(maximumBoundSeconds))")
        }
        return .milliseconds(Int64(seconds * 1000))
    }

    /// The next line without its line ending; at end of input an unterminated last line still counts.
    func readLine() -> Answer {
        lock.withLock {
            let deadline = ContinuousClock.now + bound
            while true {
                if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    var line = Array(buffer[..<newline])
                    buffer.removeSubrange(...newline)
                    if line.last == UInt8(ascii: "\r") { line.removeLast() }
                    return .line(String(decoding: line, as: UTF8.self))
                }
                if buffer.count > Self.maximumLineBytes {
                    buffer.removeAll()
                    return .tooLong
                }
                if ended {
                    guard !buffer.isEmpty else { return .endOfInput }
                    defer { buffer.removeAll() }
                    return .line(String(decoding: buffer, as: UTF8.self))
                }
                let left = deadline - ContinuousClock.now
                guard left > .zero, fill(waitingAtMost: left) else { return .timedOut }
            }
        }
    }

    /// True when stdin already ended with nothing left to answer: checked without waiting, so a run
    /// that would need an answer can fail before it contacts the device.
    var isExhausted: Bool {
        lock.withLock {
            if buffer.isEmpty && !ended { _ = fill(waitingAtMost: .zero) }
            return buffer.isEmpty && ended
        }
    }

    /// Reads what is available within `limit`; false when nothing arrived in time.
    private func fill(waitingAtMost limit: Duration) -> Bool {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(clamping: limit.milliseconds)
        let ready = poll(&poller, 1, milliseconds)
        if ready < 0 { return errno == EINTR }
        guard ready > 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = read(descriptor, &chunk, chunk.count)
        if count > 0 {
            buffer += chunk[..<count]
        } else if count == 0 || errno != EINTR {
            ended = true
        }
        return true
    }
}
