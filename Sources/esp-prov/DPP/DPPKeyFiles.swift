import ArgumentParser
import DPP
import Foundation
import ProvCrypto

/// `--configurator_key_file`, shared by `dpp configure` and `dpp sign`.
struct DPPConfiguratorKeyOptions: ParsableArguments {
    @Option(name: [.customLong("configurator_key_file"), .customLong("configurator-key-file")],
            help: "Reuse the configurator key in this file; if it does not exist, save the new key there (mode 0600).")
    var configuratorKeyFile: String?
}

/// `--configurator_key_file`: reuse a configurator key across runs (so every connector is signed
/// by the same key), creating the file with the first run's key. The key is a secret: read and
/// written only here, file mode 0600, never printed.
struct DPPConfiguratorKeyFile {
    let path: String?
    let key: DPPConfiguratorKey
    /// No file yet: the new configurator's key must be saved after the run.
    var needsSaving: Bool { path != nil && !exists }
    private let exists: Bool

    init(path: String?) throws {
        self.path = path
        guard let path, FileManager.default.fileExists(atPath: path) else {
            exists = false
            key = .generate
            return
        }
        exists = true
        key = .reuse(hexDER: try DPPKeyText.hex(fromFile: path, flag: "--configurator_key_file"))
    }

    func save(_ exported: String?) throws {
        guard needsSaving, let path, let exported else { return }
        do {
            try PrivateFile.write(Array((exported + "\n").utf8), to: path, exclusive: true)
        } catch {
            throw CommandFailure(.usage, "--configurator_key_file \(path): cannot write the file")
        }
    }
}

/// Private keys for the daemons' `key=` arguments: hex of the DER, as wpa_cli takes them, or a
/// PEM file (its base64 body is the same DER).
enum DPPKeyText {
    static func hex(fromFile path: String, flag: String) throws -> String {
        let text = try SecretSource.read(path, flagName: flag).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("-----BEGIN") {
            let body = text.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") }.joined()
            guard let der = Data(base64Encoded: body) else { throw CommandFailure(.usage, "\(flag) \(path): not a PEM key") }
            return hexString(der)
        }
        guard !text.isEmpty, text.count % 2 == 0, text.allSatisfy(\.isHexDigit) else {
            throw CommandFailure(.usage, "\(flag) \(path): expected the key as hex of its DER (or PEM)")
        }
        return text.lowercased()
    }
}
