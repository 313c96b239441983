import Foundation

/// The one reader for secrets and manifests the user names by path or as `-` (stdin): a file, a
/// pipe, `<(cmd)`, a FIFO or a device are all untrusted, so every read has a size bound and a time
/// bound (issue 22 items 6 and 10), and a failure says why in the system's words.
public struct BoundedFile: Sendable {
    /// The bytes read, and whether a regular file given by path lets group or others read it
    /// (then the caller warns, as ssh does for keys).
    public let bytes: [UInt8]
    /// The file's permission bits when it is a regular file that group or others may read.
    public let exposedMode: UInt32?

    /// Why a read did not give the contents.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// `open` or `read` failed; strerror's words (no such file, permission denied, is a directory).
        case unreadable(String)
        /// More than `limit` bytes: not a secret or manifest but a runaway producer (`/dev/zero`).
        case tooLarge(limit: Int)
        /// The input stayed open without ending within the bound.
        case timedOut(Duration)

        public var description: String {
            switch self {
            case .unreadable(let reason): return reason
            case .tooLarge(let limit): return "larger than \(Self.size(limit)), the most it may hold"
            case .timedOut(let bound):
                return "did not end within \(String(format: "%g", bound.seconds)) s (ESP_PROV_ANSWER_TIMEOUT sets the bound)"
            }
        }

        private static func size(_ bytes: Int) -> String {
            bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes >> 10) KiB"
        }
    }

    /// The bound for one secret: a PoP, a password, a passphrase, a key, a dataset, a QR payload.
    public static let secretLimit = 64 * 1024
    /// The bound for a batch manifest: 10 000 devices in a few hundred bytes each fit easily.
    public static let manifestLimit = 32 * 1024 * 1024

    /// Reads all of `path` (`-` is stdin) within `limit` bytes and `bound` time.
    public init(path: String, limit: Int, bound: Duration) throws(Failure) {
        let descriptor: Int32
        if path == "-" {
            descriptor = STDIN_FILENO
            exposedMode = nil
        } else {
            // O_NONBLOCK: opening a FIFO nobody writes to must not wait forever; reads then poll.
            descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
            guard descriptor >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
            var status = stat()
            let isRegular = fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
            exposedMode = isRegular && status.st_mode & 0o044 != 0 ? UInt32(status.st_mode & 0o777) : nil
        }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        bytes = try Self.readAll(descriptor, limit: limit, bound: bound)
    }

    private static func readAll(_ descriptor: Int32, limit: Int, bound: Duration) throws(Failure) -> [UInt8] {
        let deadline = ContinuousClock.now + bound
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { throw .timedOut(bound) }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let milliseconds = left.pollMilliseconds
            let ready = poll(&poller, 1, milliseconds)
            if ready < 0 {
                guard errno == EINTR else { throw .unreadable(String(cString: strerror(errno))) }
                continue
            }
            guard ready > 0 else { continue }
            let count = read(descriptor, &chunk, chunk.count)
            if count == 0 { return contents }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw .unreadable(String(cString: strerror(errno)))
            }
            guard contents.count + count <= limit else { throw .tooLarge(limit: limit) }
            contents += chunk[..<count]
        }
    }
}
