import ProvClient
import ProvSupport
import Synchronization

/// An open `RunEnding` holds while it is in flight (a BLE `Connect` or service resolution): real
/// bluetoothd completes a connection its client gave up on, so an end from outside cancels the
/// open, whose own failure path disconnects the device, and waits for it. Once the open returned,
/// the link it made is held by an `EndingLink` instead.
final class EndingOpen: Sendable {
    /// The device it reaches, as the user named it (manifest name or service name).
    let name: String
    let kind: TransportKind
    private let task = Mutex<Task<any ProvTransport, any Error>?>(nil)
    /// True while the open asks the user which device to take: nothing is connected then, and a
    /// prompt does not end when cancelled, so the ending does not wait for it.
    private let asking = Mutex(false)
    private let closed = Mutex(false)

    init(name: String, kind: TransportKind) {
        self.name = name
        self.kind = kind
    }

    /// Runs `open` (given this, for its prompts) in a task the ending can cancel; cancelling the caller cancels it too.
    func run(_ open: @escaping @Sendable (EndingOpen) async throws -> any ProvTransport) async throws -> any ProvTransport {
        let opening = Task { try await open(self) }
        task.withLock { $0 = opening }
        return try await withTaskCancellationHandler { try await opening.value } onCancel: { opening.cancel() }
    }

    /// Runs `prompt` (a blocking question to the user) as a part of the open the ending need not
    /// wait for; once the open is cancelled (the run is ending), no question is asked.
    func whileAsking<Value>(_ prompt: () throws -> Value) throws -> Value {
        // Set before the check (`close` cancels before it reads): one of the two sees the other.
        asking.withLock { $0 = true }
        defer { asking.withLock { $0 = false } }
        try Task.checkCancellation()
        return try prompt()
    }

    /// Cancels the open and waits for it to undo what it started; a link it opened all the same
    /// (it finished as it was cancelled) is closed.
    func close() async {
        defer { closed.withLock { $0 = true } }
        guard let opening = task.withLock({ $0 }) else { return }
        opening.cancel()
        guard !asking.withLock({ $0 }) else { return }
        if let transport = try? await opening.value { await transport.close() }
    }

    /// Whether `close` finished: the open was undone (or had nothing to undo).
    var undone: Bool { closed.withLock { $0 } }

    /// What the user is told when the open did not finish undoing itself within `limit`.
    func notClosedMessage(within limit: Duration) -> String {
        EndingLink.notClosedMessage(name: name, kind: kind, within: limit)
    }
}
