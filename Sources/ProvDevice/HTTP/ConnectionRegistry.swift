import NIOCore

/// The open TCP connections of the HTTP server, with esp_http_server's `max_open_sockets` and
/// `lru_purge_enable`: accepting a connection beyond the limit closes the least recently used one.
/// protocomm's own server runs with a limit of 1, so a new connection closes the previous (§4.1, §8.8).
///
/// Confined to the server's single event loop (every method asserts it), hence `@unchecked Sendable`.
final class ConnectionRegistry: @unchecked Sendable {
    private let eventLoop: EventLoop
    private let maxOpenSockets: Int
    private var nextID = 0
    private var clock = 0
    private var open: [CookieSessionBinding.ConnectionID: (channel: Channel, lastUsed: Int)] = [:]

    init(eventLoop: EventLoop, maxOpenSockets: Int) {
        self.eventLoop = eventLoop
        self.maxOpenSockets = maxOpenSockets
    }

    /// Registers a new connection, purging least recently used ones to stay within the limit.
    func register(_ channel: Channel) -> CookieSessionBinding.ConnectionID {
        eventLoop.preconditionInEventLoop()
        while open.count >= maxOpenSockets, let oldest = open.min(by: { $0.value.lastUsed < $1.value.lastUsed }) {
            open[oldest.key] = nil
            oldest.value.channel.close(promise: nil)
        }
        nextID += 1
        clock += 1
        open[nextID] = (channel, clock)
        return nextID
    }

    /// Marks a connection as just used (a request arrived on it).
    func touch(_ id: CookieSessionBinding.ConnectionID) {
        eventLoop.preconditionInEventLoop()
        clock += 1
        open[id]?.lastUsed = clock
    }

    func remove(_ id: CookieSessionBinding.ConnectionID) {
        eventLoop.preconditionInEventLoop()
        open[id] = nil
    }

    func closeAll() {
        eventLoop.preconditionInEventLoop()
        let channels = open.values.map(\.channel)
        open.removeAll()
        for channel in channels { channel.close(promise: nil) }
    }
}
