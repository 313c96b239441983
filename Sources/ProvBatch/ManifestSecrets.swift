import ProvClient
import Foundation

/// Resolves a manifest's secrets, which may be written inline (`password`), named by an
/// environment variable (`password_env`) or kept in a file (`password_file`). The last two keep
/// secrets out of manifests that are checked in or attached to CI logs.
public struct ManifestSecrets: Sendable {
    /// Variables `*_env` fields are looked up in.
    public var environment: [String: String]
    /// Relative `*_file` paths are resolved against this directory (the manifest's).
    public var baseDirectory: URL

    /// Defaults to the process environment and working directory; tests inject their own.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        baseDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) {
        self.environment = environment
        self.baseDirectory = baseDirectory
    }

    /// The secret `field` of `entry`, from at most one of `field`, `field_env`, `field_file`.
    /// A problem is phrased without the secret, for the manifest error list.
    func resolve(_ field: String, in entry: ManifestEntry) -> Result<String?, ManifestProblem> {
        let sources = [field, field + "_env", field + "_file"].filter { entry.fields[$0] != nil }
        guard sources.count <= 1 else {
            return .failure(entry.problem("give only one of \(sources.joined(separator: ", "))"))
        }
        guard let source = sources.first, let value = entry.fields[source] else { return .success(nil) }
        if source == field { return .success(value) }
        if source.hasSuffix("_env") {
            guard let secret = environment[value] else {
                return .failure(entry.problem("\(source): environment variable \(value) is not set"))
            }
            return .success(secret)
        }
        let url = value.hasPrefix("/") ? URL(fileURLWithPath: value) : baseDirectory.appendingPathComponent(value)
        // A file, not stdin (the manifest may be stdin): regular files end, so the bound is only
        // the size, which keeps `/dev/zero` or a huge file out of memory.
        let file: BoundedFile
        do {
            file = try BoundedFile(path: url.path, limit: BoundedFile.secretLimit, bound: .seconds(60))
        } catch {
            return .failure(entry.problem("\(source): cannot read \(value): \(error)"))
        }
        guard var text = String(bytes: file.bytes, encoding: .utf8) else {
            return .failure(entry.problem("\(source): \(value) is not UTF-8 text"))
        }
        // "\r\n" is one Character, so one removeLast drops either ending.
        if text.hasSuffix("\r\n") || text.hasSuffix("\n") { text.removeLast() }
        return .success(text)
    }
}
