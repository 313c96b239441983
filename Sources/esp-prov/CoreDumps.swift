import Foundation

/// A core file of esp-prov holds every secret of the run (PoP, password, passphrase, keys) in
/// clear, many times over, wherever the system's core pattern puts it (issue 22 item 8). Turned off
/// once at start, before any secret is read: the core size limit goes to 0 (honoured by files and
/// by systemd-coredump) and the process is marked not dumpable, which also covers a core pattern
/// that pipes to a handler and keeps other users' debuggers out.
enum CoreDumps {
    /// <linux/prctl.h>'s PR_SET_DUMPABLE, which Glibc's module does not export.
    private static let prSetDumpable: Int32 = 4

    static func disable() {
        var none = rlimit(rlim_cur: 0, rlim_max: 0)
        #if os(Linux)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &none)
        // prctl is variadic, so Swift does not import it; its two-integer form is called through
        // its address (nil: RTLD_DEFAULT; integer arguments are passed alike either way on Linux's ABIs).
        typealias PRCTL = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        if let symbol = dlsym(nil, "prctl") {
            _ = unsafeBitCast(symbol, to: PRCTL.self)(prSetDumpable, 0, 0, 0, 0)
        }
        #else
        _ = setrlimit(RLIMIT_CORE, &none)
        #endif
    }
}
