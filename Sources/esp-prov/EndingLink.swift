import ProvClient
import ProvSupport
import Synchronization

/// A link `RunEnding` holds while it is open: it forwards to the transport, and once closed (by
/// the run or by the ending) tells the ending to forget it. What is left when the ending has tried
/// to close them all is what it could not close.
final class EndingLink: ProvTransport {
    let transport: any ProvTransport
    /// The device it reaches, as the user named it (manifest name or service name).
    let name: String
    private let closed: @Sendable (EndingLink) -> Void
    /// The one close, which every caller awaits: the run closes its link again when the ending's
    /// close made its exchange fail, and must not make the ending think the link closed meanwhile.
    private let closing = Mutex<Task<Void, Never>?>(nil)

    init(_ transport: any ProvTransport, name: String, closed: @escaping @Sendable (EndingLink) -> Void) {
        self.transport = transport
        self.name = name
        self.closed = closed
    }

    var kind: TransportKind { transport.kind }

    var knownEndpoints: [String]? { get async { await transport.knownEndpoints } }

    func exchange(_ endpoint: String, _ request: [UInt8]) async throws -> [UInt8] {
        try await transport.exchange(endpoint, request)
    }

    func close() async {
        let task = closing.withLock { task in
            if let task { return task }
            let first = Task {
                await self.transport.close()
                self.closed(self)
            }
            task = first
            return first
        }
        await task.value
    }

    /// What the user is told when this link did not close within `limit`, and what to do.
    func notClosedMessage(within limit: Duration) -> String {
        Self.notClosedMessage(name: name, kind: kind, within: limit)
    }

    /// The message for a link (or an open in flight) of `kind` to `name`; see `EndingOpen`.
    static func notClosedMessage(name: String, kind: TransportKind, within limit: Duration) -> String {
        let device = printableDeviceText(name)
        guard kind == .ble else {
            return "the link to \(device) did not close within \(limit.components.seconds) s; it ends with this process"
        }
        return "could not disconnect \(device) within \(limit.components.seconds) s: bluetoothd may keep it connected, "
            + "and a connected device does not advertise; disconnect it with bluetoothctl (or power-cycle it)"
    }
}
