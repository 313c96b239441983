import Foundation
import NIOSSL

/// The three PEM files an `ssl:` session needs, as OVS's own clients take them (`--certificate`,
/// `--private-key`, `--ca-cert`): ovsdb-server's `pssl:` remotes demand a client certificate, and
/// the server's chain is checked against the CA file. Everything is read and parsed here, before
/// any contact, so a wrong path or a file of the wrong kind is named up front, not as a handshake
/// failure. The key's bytes are never kept in, or copied into, any error or description.
public struct OVSDBTLSCredentials: Sendable {
    /// Which of the three files a problem is about, so the CLI can name its own flag.
    public enum Role: String, Sendable, Equatable, CaseIterable {
        /// Our certificate (`--certificate`).
        case certificate = "certificate"
        /// Its private key (`--private-key`), the file whose contents must never be shown.
        case privateKey = "private key"
        /// The CA the server's certificate must be signed by (`--ca-cert`).
        case caCertificate = "CA certificate"
    }

    /// Why a credential file cannot be used; never carries the file's contents.
    public enum FileError: Error, Equatable, Sendable, CustomStringConvertible {
        /// The file does not exist or cannot be read (the reason is the system's, e.g. permission).
        case unreadable(Role, path: String, reason: String)
        /// The file has no PEM block of the expected kind (`-----BEGIN CERTIFICATE-----`, a private key).
        case notPEM(Role, path: String)
        /// The file looks like PEM but the TLS library cannot load it (corrupt, encrypted key, wrong type).
        case unusable(Role, path: String)
        /// The private key is not the one of the certificate (they were mixed up between pairs).
        case keyMismatch(keyPath: String, certificatePath: String)

        /// Which file the error is about, whatever the case.
        public var role: Role {
            switch self {
            case .unreadable(let role, _, _), .notPEM(let role, _), .unusable(let role, _): return role
            case .keyMismatch: return .privateKey
            }
        }

        /// Names the file and the problem, never its contents.
        public var description: String {
            switch self {
            case .unreadable(let role, let path, let reason):
                return "cannot read the \(role.rawValue) file \(path): \(reason)"
            case .notPEM(let role, let path):
                return "\(path) is not a PEM \(role.rawValue) file (no '-----BEGIN \(Self.label(role))' block)"
            case .unusable(let role, let path):
                return "\(path) holds a PEM block but not a usable \(role.rawValue)"
                    + (role == .privateKey ? " (encrypted keys are not supported: decrypt it with openssl first)" : "")
            case .keyMismatch(let keyPath, let certificatePath):
                return "the private key in \(keyPath) does not belong to the certificate in \(certificatePath): give that certificate's own key"
            }
        }

        private static func label(_ role: Role) -> String {
            role == .privateKey ? "… PRIVATE KEY-----" : "CERTIFICATE-----"
        }
    }

    /// The TLS client context made from the three files, once: making it is what checks that the
    /// key belongs to the certificate.
    let context: NIOSSLContext

    /// Reads and parses the three files; throws the first `FileError`, in flag order.
    public init(certificateFile: String, privateKeyFile: String, caFile: String) throws {
        let certificatePEM = try Self.read(.certificate, certificateFile)
        let keyPEM = try Self.read(.privateKey, privateKeyFile)
        let caPEM = try Self.read(.caCertificate, caFile)
        let chain = try Self.certificates(.certificate, certificateFile, certificatePEM)
        guard Self.hasBlock(keyPEM, kind: "PRIVATE KEY") else { throw FileError.notPEM(.privateKey, path: privateKeyFile) }
        // NIOSSL's own error would not name the file; its message never holds key bytes either way.
        guard let key = try? NIOSSLPrivateKey(bytes: keyPEM, format: .pem) else {
            throw FileError.unusable(.privateKey, path: privateKeyFile)
        }
        let roots = try Self.certificates(.caCertificate, caFile, caPEM)
        guard let context = try? NIOSSLContext(configuration: Self.clientConfiguration(chain: chain, key: key, roots: roots)) else {
            throw FileError.keyMismatch(keyPath: privateKeyFile, certificatePath: certificateFile)
        }
        self.context = context
    }

    /// The client side of mutual TLS as OVS does it: our certificate and key, the server's chain
    /// verified against the CA file only (not the system's roots), and no host name check, because
    /// OVS's certificates name no host (ovs-pki issues them for a switch or controller role).
    private static func clientConfiguration(
        chain: [NIOSSLCertificate], key: NIOSSLPrivateKey, roots: [NIOSSLCertificate]
    ) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateChain = chain.map { .certificate($0) }
        configuration.privateKey = .privateKey(key)
        configuration.trustRoots = .certificates(roots)
        configuration.certificateVerification = .noHostnameVerification
        return configuration
    }

    private static func read(_ role: Role, _ path: String) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
            throw FileError.unreadable(role, path: path, reason: reason)
        }
        defer { try? handle.close() }
        do {
            // Bounded: a PEM credential is a few KiB; a path to a huge file is a mistake, not a chain.
            let data = try handle.read(upToCount: 1 << 20) ?? Data()
            return Array(data)
        } catch {
            throw FileError.unreadable(role, path: path, reason: "it is not a regular readable file")
        }
    }

    private static func certificates(_ role: Role, _ path: String, _ pem: [UInt8]) throws -> [NIOSSLCertificate] {
        guard hasBlock(pem, kind: "CERTIFICATE") else { throw FileError.notPEM(role, path: path) }
        guard let certificates = try? NIOSSLCertificate.fromPEMBytes(pem), !certificates.isEmpty else {
            throw FileError.unusable(role, path: path)
        }
        return certificates
    }

    /// Whether `pem` has a `-----BEGIN … KIND-----` line (`PRIVATE KEY` also matches `RSA PRIVATE KEY`).
    private static func hasBlock(_ pem: [UInt8], kind: String) -> Bool {
        String(decoding: pem, as: UTF8.self).split(whereSeparator: \.isNewline).contains { line in
            line.hasPrefix("-----BEGIN ") && line.hasSuffix(kind + "-----")
        }
    }
}
