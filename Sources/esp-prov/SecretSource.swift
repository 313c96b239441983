import Foundation
import ProvClient

/// Where a secret may come from, in order of precedence: the flag, a file (`-` = stdin), an
/// environment variable; otherwise the run prompts (on a terminal) or fails naming the flags.
/// Files and the environment keep secrets out of `argv`, where `ps` shows them to everyone.
struct SecretSource {
    let flag: String?
    let file: String?
    let environmentVariable: String
    let fileFlagName: String

    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        if let flag { return flag }
        if let file { return try Self.read(file, flagName: fileFlagName) }
        if let value = environment[environmentVariable] { return value }
        return nil
    }

    /// Reads a secret file; one trailing newline (LF or CRLF) is not part of the secret.
    static func read(_ path: String, flagName: String) throws -> String {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw ProvError.usage("\(flagName) \(path): cannot read the file")
            }
            data = contents
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw ProvError.usage("\(flagName) \(path): not UTF-8 text")
        }
        // "\r\n" is a single Character in Swift, so one removeLast() drops either ending.
        if text.hasSuffix("\n") || text.hasSuffix("\r\n") { text.removeLast() }
        return text
    }
}
