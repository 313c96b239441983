import Foundation
import Synchronization
import TestSupport
import XCTest

/// Every numeric option of every command (esp-prov's subcommands and esp-prov-device), found in the
/// binaries' own help dumps, refuses hostile numbers (infinite, not a number, beyond any integer,
/// hexadecimal, negative, out of its range) as a usage error: exit 2, a message naming the flag and
/// its range, promptly, and never a crash (`Fatal error: Double value cannot be converted`, a
/// signal) or a run that never ends (`--jobs 9223372036854775807`).
final class NumericOptionTests: XCTestCase {
    /// Values no option may take. Those starting with `-` are given as `--name=value`, as the parser
    /// would read `--name -1` as two options.
    private let hostile = [
        "inf", "-inf", "+inf", "infinity", "nan", "+nan", "-nan", "1e309", "-1e309", "1e300", "99999999999999999999",
        "9223372036854775807", "-9223372036854775808", "4294967296", "-1", "-0.5", "0x10",
    ]

    /// A numeric option: which binary, the words before it, and its long name.
    private struct NumericOption: CustomStringConvertible {
        let binary: String
        let path: [String]
        let name: String
        var description: String { ([binary] + path + [name]).joined(separator: " ") }
    }

    func testEveryNumericOptionRefusesHostileNumbersAsAUsageError() throws {
        let options = try numericOptions()
        // The provisioning command also without its name: the fast path (ProvisionCommand+DirectParse,
        // UsageErrorShortcut) reads those command lines, the parser the others.
        let provisioning = options.filter { $0.binary == "esp-prov" && $0.path == ["provision"] }
        let all = options + provisioning.map { NumericOption(binary: $0.binary, path: [], name: $0.name) }
        for expected in ["--timeout", "--request_timeout", "--scan_timeout", "--sec2_salt_len"] {
            XCTAssertTrue(provisioning.contains { $0.name == expected }, "\(expected) not found among \(options)")
        }
        for expected in ["--jobs", "--retries", "--retry_delay", "--device_timeout", "--timeout", "--request_timeout"] {
            XCTAssertTrue(options.contains { $0.path == ["batch"] && $0.name == expected }, "batch \(expected) not found")
        }
        XCTAssertTrue(options.contains { $0.binary == "esp-prov-device" && $0.name == "--connect_delay" }, "\(options)")
        let cases = all.flatMap { option in hostile.map { (option, $0) } }
        let failures = runConcurrently(cases.count) { index -> [String] in
            let (option, value) = cases[index]
            let arguments = option.path + (value.hasPrefix("-") ? [option.name + "=" + value] : [option.name, value])
            let context = "\(option.binary) \(arguments.joined(separator: " "))"
            guard let result = try? Binaries.run(option.binary, arguments, timeout: 20) else { return ["\(context): did not end within 20 s"] }
            var failures: [String] = []
            if result.status != 2 { failures.append("\(context): exit \(result.status), not 2: \(result.output)") }
            if !result.stderr.contains(option.name) { failures.append("\(context): the message does not name the flag: \(result.output)") }
            if result.stderr.range(of: #"\(-?[0-9.]+ to [0-9.]+|0, 1 or 2"#, options: .regularExpression) == nil {
                failures.append("\(context): the message does not give the range: \(result.output)")
            }
            return failures
        }
        XCTAssertEqual(failures, [])
    }

    /// `body(0..<count)` on a few threads at once (each run is a child process), results in order.
    private func runConcurrently<Result: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) -> [Result]) -> [Result] {
        let results = Mutex([[Result]](repeating: [], count: count))
        let next = ManagedCounter()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            while let index = next.take(below: count) {
                let result = body(index)
                results.withLock { $0[index] = result }
            }
        }
        return results.withLock { $0.flatMap { $0 } }
    }

    /// The options of every command that reject a word but take a number, from each binary's
    /// `--experimental-dump-help`, so an option added later is covered without editing this test.
    private func numericOptions() throws -> [NumericOption] {
        var found: [NumericOption] = []
        for binary in ["esp-prov", "esp-prov-device"] {
            let dump = try Binaries.run(binary, ["--experimental-dump-help"], timeout: 30)
            XCTAssertEqual(dump.status, 0, dump.output)
            let root = try XCTUnwrap(
                (try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])?["command"] as? [String: Any])
            let candidates = arguments(of: root, path: []).compactMap { path, argument -> NumericOption? in
                guard argument["kind"] as? String == "option", (argument["allValues"] as? [String] ?? []).isEmpty,
                      let long = (argument["names"] as? [[String: Any]] ?? []).first(where: { $0["kind"] as? String == "long" }),
                      let name = (long["name"] as? String).map({ "--" + $0 }) else { return nil }
                return NumericOption(binary: binary, path: path, name: name)
            }
            found += runConcurrently(candidates.count) { index in (try? Self.isNumeric(candidates[index])) == true ? [candidates[index]] : [] }
        }
        return found
    }

    private func arguments(of command: [String: Any], path: [String]) -> [([String], [String: Any])] {
        var result = (command["arguments"] as? [[String: Any]] ?? []).map { (path, $0) }
        for subcommand in command["subcommands"] as? [[String: Any]] ?? [] {
            guard let name = subcommand["commandName"] as? String, name != "help" else { continue }
            result += arguments(of: subcommand, path: path + [name])
        }
        return result
    }

    /// Hands out 0, 1, 2... to the threads of `runConcurrently`.
    private final class ManagedCounter: @unchecked Sendable {  // every access under `lock`
        private let lock = NSLock()
        private var value = 0

        func take(below limit: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard value < limit else { return nil }
            value += 1
            return value - 1
        }
    }

    /// Whether the option's type refuses a word but reads some number. An unknown option follows,
    /// so that a value the type reads ends in the parser's error, never in a run (the parser reports
    /// a refused value first).
    private static func isNumeric(_ option: NumericOption) throws -> Bool {
        func refuses(_ value: String) throws -> Bool {
            let result = try Binaries.run(option.binary, option.path + [option.name, value, "--zz-no-such-option"], timeout: 20)
            return result.stderr.contains("The value '\(value)' is invalid for")
        }
        guard try refuses("word") else { return false }
        for number in ["1", "0", "2412", "0.5"] where try !refuses(number) { return true }
        return false
    }
}
