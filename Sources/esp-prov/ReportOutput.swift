#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import ProvClient

/// Where a batch's report lines go: standard output, or `--report PATH` opened as itself (created or
/// truncated, as `PrivateFile` opens a file), never a new file renamed over it: `/dev/null`,
/// `/dev/stdout`, a FIFO someone reads and a symlink's target all get the lines and stay what they are.
/// Every write is checked: the first that fails (a full disk, `/dev/full`) is kept as `failure`, the
/// line it cut is removed again when the report is a regular file, and no later line is written, so
/// the report never ends in half a line or has a gap in the middle.
/// `@unchecked Sendable`: `written`, `isClosed` and `firstFailure` are guarded by `lock`, and so is every write to the descriptor.
final class ReportOutput: @unchecked Sendable {
    /// Why the report is incomplete, to end the batch with.
    struct Failure: Error, CustomStringConvertible {
        let path: String
        let reason: String
        let written: Int

        var description: String {
            "cannot write the report \(printableDeviceText(path)): \(reason); \(written) line\(written == 1 ? "" : "s") written "
                + "before it, the rest are missing (standard error lists every device): free space or choose another --report"
        }
    }

    private let lock = NSLock()
    private let descriptor: Int32
    private let path: String
    private let isRegularFile: Bool
    private let ownsDescriptor: Bool
    private var written = 0
    private var isClosed = false
    private var firstFailure: Failure?

    /// Opens `path` (nil or `-`: standard output). `manifest` is the file the devices came from
    /// (nil for standard input): the report must not overwrite it, whatever the spelling.
    init(path: String?, manifest: String?) throws {
        guard let path, path != "-" else {
            descriptor = STDOUT_FILENO
            self.path = "standard output"
            isRegularFile = false
            ownsDescriptor = false
            return
        }
        let shown = printableDeviceText(path)
        // Not O_TRUNC yet: the file is compared with the manifest first. O_NONBLOCK so that a FIFO nobody
        // reads fails (ENXIO) instead of blocking the batch before it starts.
        let opened = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0o644)
        guard opened >= 0 else {
            let why = errno == ENXIO ? "it is a FIFO nobody reads" : String(cString: strerror(errno))
            throw ProvError.usage("--report \(shown): cannot open it: \(why)")
        }
        var status = stat()
        guard fstat(opened, &status) == 0 else {
            let why = String(cString: strerror(errno))
            Glibc.close(opened)
            throw ProvError.usage("--report \(shown): \(why)")
        }
        if Self.isManifest(status, manifest: manifest) {
            Glibc.close(opened)
            throw ProvError.usage("--report \(shown) is the manifest itself: the report would overwrite it; choose another file")
        }
        let flags = fcntl(opened, F_GETFL)
        _ = fcntl(opened, F_SETFL, flags & ~O_NONBLOCK)
        isRegularFile = (status.st_mode & S_IFMT) == S_IFREG
        if isRegularFile, ftruncate(opened, 0) != 0 {
            let why = String(cString: strerror(errno))
            Glibc.close(opened)
            throw ProvError.usage("--report \(shown): cannot truncate it: \(why)")
        }
        descriptor = opened
        self.path = path
        ownsDescriptor = true
    }

    /// The first write that failed, if any.
    var failure: Failure? { lock.withLock { firstFailure } }

    /// Writes one whole line (`text` ends in a newline), or nothing once a write has failed.
    /// A reader of standard output that went away (`| head`) ends the output, not the batch.
    func write(_ text: String) {
        lock.withLock {
            guard firstFailure == nil, !isClosed else { return }
            let start = isRegularFile ? lseek(descriptor, 0, SEEK_CUR) : -1
            var bytes = Array(text.utf8)[...]
            while !bytes.isEmpty {
                let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else {
                    let code = count == 0 ? 0 : errno
                    if !ownsDescriptor && code == EPIPE { return }
                    let reason = code == 0 ? "nothing was written" : String(cString: strerror(code))
                    // Half a line would be read as a damaged record: take it back.
                    if start >= 0 { _ = ftruncate(descriptor, start) }
                    firstFailure = Failure(path: path, reason: reason, written: written)
                    return
                }
                bytes = bytes.dropFirst(count)
            }
            written += 1
        }
    }

    /// Closes the file; a regular file is synced first, so a full disk that only shows at write-back
    /// still fails the batch.
    func close() {
        lock.withLock {
            guard ownsDescriptor, !isClosed else { return }
            isClosed = true
            if firstFailure == nil, isRegularFile, fsync(descriptor) != 0, errno != EINVAL {
                firstFailure = Failure(path: path, reason: String(cString: strerror(errno)), written: written)
            }
            if Glibc.close(descriptor) != 0, firstFailure == nil, errno != EINTR {
                firstFailure = Failure(path: path, reason: String(cString: strerror(errno)), written: written)
            }
        }
    }

    /// Whether the opened report is the manifest (same device and inode, however each was spelled).
    private static func isManifest(_ report: stat, manifest: String?) -> Bool {
        var other = stat()
        let found = manifest.map { stat($0, &other) == 0 } ?? (fstat(STDIN_FILENO, &other) == 0 && (other.st_mode & S_IFMT) == S_IFREG)
        return found && other.st_dev == report.st_dev && other.st_ino == report.st_ino
    }
}
