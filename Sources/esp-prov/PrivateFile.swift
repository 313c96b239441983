import Foundation

/// Writes secrets (a DPP configurator key, a WPS NFC token) to files only their owner can read:
/// created with mode 0600 in the same `open`, never readable by others even for a moment, and with
/// `exclusive` never over a file that appeared since the caller looked.
enum PrivateFile {
    /// Why a write did not happen.
    enum Failure: Error {
        /// `open` failed, in strerror's words.
        case cannotOpen(String)
        /// Fewer bytes were written than given.
        case shortWrite
    }

    static func write(_ bytes: [UInt8], to path: String, exclusive: Bool) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | (exclusive ? O_EXCL : O_TRUNC), 0o600)
        guard descriptor >= 0 else { throw .cannotOpen(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        // O_TRUNC keeps an existing file's mode: make it private before a byte of the secret lands.
        // Only a regular file: `--output /dev/stdout` or `/dev/null` run as root must not change a
        // terminal's or the system's device node (and a pipe or device keeps nothing at rest).
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .cannotOpen(String(cString: strerror(errno))) }
        if !exclusive && (status.st_mode & S_IFMT) == S_IFREG && fchmod(descriptor, 0o600) != 0 {
            throw .cannotOpen(String(cString: strerror(errno)))
        }
        let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw .shortWrite }
    }
}
