import Foundation

/// Finds files in the repository's `Fixtures/` directory from this source file's location, following
/// symlinks so the tests also work from a package that links this directory in from elsewhere.
enum Fixtures {
    struct Missing: Error, CustomStringConvertible {
        let name: String
        var description: String { "Fixtures/\(name) not found above \(#filePath)" }
    }

    static func url(_ name: String) throws -> URL {
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

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: url(name))
    }

    static func decode<T: Decodable>(_ type: T.Type, from name: String) throws -> T {
        try JSONDecoder().decode(type, from: data(name))
    }
}

extension Array where Element == UInt8 {
    /// Decodes hex, tolerating a `0x` prefix and whitespace, as the fixtures write it.
    init(hex: String) {
        var text = hex.filter { !$0.isWhitespace }
        if text.hasPrefix("0x") { text.removeFirst(2) }
        precondition(text.count % 2 == 0, "odd-length hex")
        let digits = text.map { $0.hexDigitValue! }
        self = stride(from: 0, to: digits.count, by: 2).map { UInt8(digits[$0] << 4 | digits[$0 + 1]) }
    }

    var hex: String { map { String(format: "%02x", $0) }.joined() }
}
