import Foundation

/// Undo actions that must run however the process ends: client socket files in /tmp, and what a
/// command added to a daemon (bootstrap ids, configurators). Owned by the caller (the CLI makes
/// one per run) rather than a global, so tests and library users get their own.
/// Actions run last-added first, once.
/// `@unchecked Sendable`: `actions` and `nextID` are guarded by `lock`; `runLock` lets one run at a time execute actions.
public final class CleanupRegistry: @unchecked Sendable {
    /// Identifies one registered action, to drop it once the normal path has undone it itself.
    public struct Token: Hashable, Sendable {
        let id: Int
    }

    private let lock = NSLock()
    /// Held while actions run, so a signal arriving during the normal cleanup waits for it
    /// instead of exiting halfway.
    private let runLock = NSLock()
    private var actions: [(id: Int, run: @Sendable () -> Void)] = []
    private var nextID = 0

    /// Empty; sockets register themselves as they bind.
    public init() {}

    /// Registers `action`; it runs on `runAll()` unless `remove` drops it first.
    @discardableResult
    public func add(_ action: @escaping @Sendable () -> Void) -> Token {
        lock.lock()
        defer { lock.unlock() }
        nextID += 1
        actions.append((nextID, action))
        return Token(id: nextID)
    }

    /// Forgets an action (the normal path already did it).
    public func remove(_ token: Token) {
        lock.lock()
        actions.removeAll { $0.id == token.id }
        lock.unlock()
    }

    /// Runs one action now (if still pending) and forgets it: the normal path's own cleanup.
    public func run(_ token: Token) {
        runLock.lock()
        defer { runLock.unlock() }
        lock.lock()
        let action = actions.first { $0.id == token.id }
        actions.removeAll { $0.id == token.id }
        lock.unlock()
        action?.run()
    }

    /// How many actions are pending (tests check that a clean exit leaves none).
    public var pendingCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return actions.count
    }

    /// Runs every pending action, newest first, and forgets them.
    public func runAll() {
        runLock.lock()
        defer { runLock.unlock() }
        lock.lock()
        let pending = actions
        actions.removeAll()
        lock.unlock()
        for action in pending.reversed() { action.run() }
    }
}
