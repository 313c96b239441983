import Foundation
import ProvCrypto
import TestSupport
import XCTest

/// Reads the repository's `Fixtures/` (found from this file, symlinks resolved, walking up to the
/// directory that contains `Fixtures`), so tests compare against the shared vectors byte for byte.
enum TestFixtures {
    static func url(_ name: String) throws -> URL { try Fixtures.url(name) }

    /// The string values of one object inside a fixture file (e.g. `messages` of messages.json).
    static func strings(_ name: String, key: String) throws -> [String: String] {
        try Fixtures.strings(name, key: key)
    }

    /// A hex value from messages.json, by its exact label.
    static func message(_ label: String, file: StaticString = #filePath, line: UInt = #line) throws -> [UInt8] {
        let messages = try strings("messages.json", key: "messages")
        guard let text = messages[label] else {
            XCTFail("no message '\(label)' in messages.json", file: file, line: line)
            return []
        }
        return hex(text)
    }
}

/// Fixture hex (tolerating `0x` and whitespace) to bytes.
func hex(_ text: String) -> [UInt8] {
    var text = text
    if text.hasPrefix("0x") { text.removeFirst(2) }
    guard let bytes = bytes(fromHex: text) else { preconditionFailure("bad hex in test: \(text)") }
    return bytes
}

/// Polls `condition` until it holds or `timeout` passes (every wait in these tests is bounded).
func eventually(
    timeout: Duration = .seconds(5), _ message: String = "condition", file: StaticString = #filePath, line: UInt = #line,
    _ condition: () async -> Bool
) async {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if await condition() { return }
        try? await Task.sleep(for: .milliseconds(10))
    }
    XCTFail("timed out waiting for \(message)", file: file, line: line)
}

/// Returns the same values in order, then repeats the last one; for injected session ids.
final class Sequence32: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [UInt32]

    init(_ values: [UInt32]) { self.values = values }

    func next() -> UInt32 {
        lock.lock()
        defer { lock.unlock() }
        return values.count > 1 ? values.removeFirst() : values[0]
    }
}
