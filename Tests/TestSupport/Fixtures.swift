import Foundation

/// The repository's `Fixtures/` directory, found from this file's location (following symlinks),
/// so every test target reads the same vectors whether the package is built in place or linked.
public enum Fixtures {
    public struct Missing: Error, CustomStringConvertible {
        public let name: String
        public var description: String { "Fixtures/\(name) not found above \(#filePath)" }
    }

    public static func url(_ name: String) throws -> URL {
        let here = URL(fileURLWithPath: #filePath)
        for start in [here, here.resolvingSymlinksInPath()] {
            var directory = start.deletingLastPathComponent()
            while directory.path != "/" {
                let candidate = directory.appendingPathComponent("Fixtures").appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
        }
        throw Missing(name: name)
    }

    public static func data(_ name: String) throws -> Data { try Data(contentsOf: url(name)) }

    public static func decode<T: Decodable>(_ type: T.Type, from name: String) throws -> T {
        try JSONDecoder().decode(type, from: data(name))
    }

    public static func text(_ name: String) throws -> String { String(decoding: try data(name), as: UTF8.self) }

    /// A JSON object of string values, the shape of most fixture files' inner dictionaries.
    public static func strings(_ name: String, key: String) throws -> [String: String] {
        let object = try JSONSerialization.jsonObject(with: data(name)) as? [String: Any]
        return (object?[key] as? [String: Any])?.compactMapValues { $0 as? String } ?? [:]
    }
}

extension Array where Element == UInt8 {
    /// Decodes fixture hex, tolerating a `0x` prefix and whitespace.
    public init(hex: String) {
        var text = hex.filter { !$0.isWhitespace }
        if text.hasPrefix("0x") { text.removeFirst(2) }
        precondition(text.count % 2 == 0, "odd-length hex")
        let digits = text.map { $0.hexDigitValue! }
        self = stride(from: 0, to: digits.count, by: 2).map { UInt8(digits[$0] << 4 | digits[$0 + 1]) }
    }

    public var hex: String { map { String(format: "%02x", $0) }.joined() }
}
