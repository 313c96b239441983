#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// stdout and stderr for a run whose reader may go away: `esp-prov … | grep -m1 "Session Established"`
/// closes the pipe early, `esp-prov … >&-` starts without stdout. Either way the device must still get
/// its credentials and the run must end with its own exit status, so a write that fails means
/// "nobody reads this any more" and is dropped, never a crash (Foundation's `FileHandle.write` traps).
enum StandardStream: Sendable {
    case output
    case error

    private var descriptor: Int32 { self == .output ? STDOUT_FILENO : STDERR_FILENO }

    /// Writes all of `text`, or as much as the reader takes before it goes away.
    func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Run once at start, before anything is opened: SIGPIPE must not kill the run (EPIPE is handled
    /// above), and a closed stdin/stdout/stderr is replaced by /dev/null, because otherwise the next
    /// socket esp-prov opens would get descriptor 1 and "stdout" would be written to the device.
    static func prepareForClosedReaders() {
        signal(SIGPIPE, SIG_IGN)
        for (descriptor, mode) in [(STDIN_FILENO, O_RDONLY), (STDOUT_FILENO, O_WRONLY), (STDERR_FILENO, O_WRONLY)]
        where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let null = open("/dev/null", mode)
            if null >= 0 && null != descriptor {
                dup2(null, descriptor)
                close(null)
            }
        }
    }
}

/// `write(2)`, out of reach of `StandardStream.write`'s name.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
