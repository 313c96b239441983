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
    /// What to say when the file is empty but an empty secret can be meant (nil: nothing).
    var emptyAdvice: String? = nil

    /// The Wi-Fi passphrase: `--passphrase`, `--passphrase_file`, `ESP_PROV_PASSPHRASE`. An empty
    /// file is refused with the one way to mean an open network.
    static func passphrase(flag: String?, file: String?) -> SecretSource {
        SecretSource(
            flag: flag, file: file, environmentVariable: "ESP_PROV_PASSPHRASE", fileFlagName: "--passphrase_file",
            emptyAdvice: "an open network is --passphrase '' said explicitly")
    }

    /// An environment variable set to nothing counts as unset (`export X=$UNSET` is a slip, not a
    /// choice): an empty secret, such as an open network's passphrase, is only ever said with its flag.
    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        if let flag { return flag }
        if let file { return try Self.read(file, flagName: fileFlagName, emptyAdvice: emptyAdvice, environment: environment) }
        if let value = environment[environmentVariable], !value.isEmpty { return value }
        return nil
    }

    /// Reads a secret file; one trailing newline (LF or CRLF) is not part of the secret. Bounded
    /// like a prompt's answer (size, and `ESP_PROV_ANSWER_TIMEOUT` for a pipe that never ends);
    /// an empty file is refused (it is a mistake far more often than a secret), and a regular file
    /// that group or others may read is warned about once, when it is read.
    static func read(
        _ path: String, flagName: String, emptyAdvice: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> String {
        let file: BoundedFile
        do {
            file = try BoundedFile(path: path, limit: BoundedFile.secretLimit, bound: try StdinAnswers.bound(environment: environment))
        } catch {
            throw ProvError.usage("\(flagName) \(path): cannot read the secret: \(error)")
        }
        if let mode = file.exposedMode {
            StandardStream.error.write(
                "warning: \(flagName) \(path) is readable by others (mode \(String(mode, radix: 8))): "
                    + "make it private with chmod 600\n")
        }
        guard var text = String(bytes: file.bytes, encoding: .utf8) else {
            throw ProvError.usage("\(flagName) \(path): not UTF-8 text")
        }
        // "\r\n" is a single Character in Swift, so one removeLast() drops either ending.
        if text.hasSuffix("\n") || text.hasSuffix("\r\n") { text.removeLast() }
        guard !text.isEmpty else {
            throw ProvError.usage("\(flagName) \(path) is empty: refusing an empty secret" + (emptyAdvice.map { "; \($0)" } ?? ""))
        }
        return text
    }
}
