#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import ProvClient
import ProvSupport

/// An async mutex for one Bluetooth adapter (or Wi-Fi interface): BlueZ handles one discovery and
/// one connection attempt at a time per adapter, so those steps of a batch's BLE devices take turns
/// here while their exchanges (the slow part) run concurrently.
///
/// A plain actor is not enough: its methods interleave at every `await`. Waiters are served in
/// arrival order; a waiter whose task is cancelled leaves the queue at once.
///
/// With a `hostWide` name the lock also holds `flock` on a file named after the adapter, so other
/// esp-prov processes on the host (a single run, another batch, a lab's ssh-started runs) take turns
/// with this one; the holder writes its pid and command into the file, so a waiter can say whom it
/// waits for. The kernel drops the lock when the holder exits, however it exits.
public actor AdapterLock {
    private var held = false
    private var waiters: [(id: Int, continuation: CheckedContinuation<Void, Error>)] = []
    private var nextID = 0
    private let hostWide: HostWide?

    /// What the host-wide part needs: where the lock file is, who we are, whom to tell about a wait.
    public struct HostWide: Sendable {
        /// The lock file, `esp-prov-<adapter>.lock` in the lock directory.
        public let path: String
        /// Written into the file while held: "pid (command)".
        public let holder: String
        /// Called once when another process holds the lock, with its "pid (command)" line.
        public let onWait: @Sendable (String) -> Void

        /// `adapter` names the resource (e.g. `ble-hci0`, `wifi-wlan0`); only letters, digits, `.`, `_`
        /// and `-` are accepted, so the name cannot leave the lock directory.
        public init(adapter: String, command: String, directory: String = HostWide.directory(),
                    onWait: @escaping @Sendable (String) -> Void) throws {
            let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
            guard !adapter.isEmpty, adapter.count <= 64, adapter.allSatisfy(allowed.contains), !adapter.hasPrefix(".") else {
                throw ProvError.usage("adapter name \(adapter.debugDescription): only letters, digits, '.', '_' and '-' can name an adapter")
            }
            path = directory + "/esp-prov-" + adapter + ".lock"
            holder = "\(getpid()) (\(command))"
            self.onWait = onWait
        }

        /// `/run/lock` (shared by every user of the host) when writable, else `$XDG_RUNTIME_DIR`, else `/tmp`.
        public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
            if access("/run/lock", W_OK | X_OK) == 0 { return "/run/lock" }
            if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty, access(runtime, W_OK | X_OK) == 0 { return runtime }
            return "/tmp"
        }
    }

    private var lockFile: Int32 = -1

    /// Unlocked; one per adapter, shared by every BLE device of the batch. With `hostWide`, shared
    /// with every esp-prov process of the host that names the same adapter.
    public init(hostWide: HostWide? = nil) {
        self.hostWide = hostWide
    }

    /// Runs `body` while holding the lock; throws `CancellationError` if cancelled while waiting.
    public nonisolated func withLock<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await acquire()
        do {
            try await acquireHostWide()
        } catch {
            await release()
            throw error
        }
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }

    private func acquire() async throws {
        if !held {
            held = true
            return
        }
        let id = nextID
        nextID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append((id, continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    /// Polls `flock` (a blocking flock cannot be cancelled) until it is ours or the task is cancelled
    /// (a batch device's deadline); a single run's `--deadline` ends the process instead.
    private func acquireHostWide() async throws {
        guard let hostWide else { return }
        let descriptor = open(hostWide.path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else {
            throw ProvError.transport(TransportFailure(
                .adapterLock(path: hostWide.path, opening: true, reason: String(cString: strerror(errno)))))
        }
        var told = false
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw ProvError.transport(TransportFailure(.adapterLock(path: hostWide.path, opening: false, reason: reason)))
            }
            if !told {
                told = true
                hostWide.onWait(Self.holder(descriptor))
            }
            do {
                try await Task.sleep(for: .milliseconds(50))
            } catch {
                close(descriptor)
                throw error
            }
        }
        let line = Array((hostWide.holder + "\n").utf8)
        _ = ftruncate(descriptor, 0)
        _ = line.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        lockFile = descriptor
    }

    /// The holder's line from the lock file (at most one short line: the file is untrusted).
    private static func holder(_ descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 200)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        let text = String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self)
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        let printable = printableDeviceText(line)
        return printable.isEmpty ? "another process" : printable
    }

    /// Hands the lock straight to the next waiter, so nobody can jump the queue.
    private func release() {
        if lockFile >= 0 {
            _ = ftruncate(lockFile, 0)
            close(lockFile)  // drops the flock
            lockFile = -1
        }
        if waiters.isEmpty {
            held = false
        } else {
            waiters.removeFirst().continuation.resume()
        }
    }

    private func cancelWaiter(_ id: Int) {
        guard let position = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: position).continuation.resume(throwing: CancellationError())
    }
}
