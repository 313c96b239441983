/// What the HTTP layer hands over for one POST to a registered endpoint URI.
struct HTTPDeviceRequest: Sendable {
    var connection: CookieSessionBinding.ConnectionID
    /// protocomm's `ep_name = req->uri + 1`: the whole URI after the slash (a query string stays in the
    /// name, so `/proto-ver?x` finds no endpoint and fails).
    var endpoint: String
    /// The first `Cookie` header's value.
    var cookie: String?
    /// `Content-Length` as sent (nil when absent or unparsable).
    var contentLength: Int?
    /// The body, when `contentLength` is acceptable.
    var body: [UInt8]
}

/// protocomm_httpd's `common_post_handler` over a `VirtualDevice`: binds the request to a session
/// (`CookieSessionBinding`), checks the body length, calls the device and renders the exact response.
/// Requests from all connections are processed strictly one at a time, like the board's single
/// httpd task.
actor HTTPRequestProcessor {
    /// `Content-Length` must be 1…4096 (§4.1, §8.9).
    static let maxBodyLength = 4096

    private let device: VirtualDevice
    private let newSessionID: @Sendable () -> UInt32
    private var binding = CookieSessionBinding()
    private let gate = RequestGate()

    init(device: VirtualDevice, newSessionID: @escaping @Sendable () -> UInt32) {
        self.device = device
        self.newSessionID = newSessionID
    }

    /// - Returns: the full HTTP response bytes, or nil when the handler fails (send nothing, close the socket).
    func process(_ request: HTTPDeviceRequest) async -> [UInt8]? {
        await gate.enter()
        defer { gate.leave() }
        let bound = binding.bind(cookie: request.cookie, connection: request.connection, newSessionID: newSessionID)
        if bound.created {
            if let replaced = bound.replaced { await device.closeSession(replaced) }
            await device.openSession(bound.sessionID)
        }
        guard let length = request.contentLength, (1...Self.maxBodyLength).contains(length), request.body.count == length else {
            return nil  // "Content length not found" / "should be less than 4kb"
        }
        guard let response = await device.handle(endpoint: request.endpoint, session: bound.sessionID, request: request.body) else {
            return nil
        }
        return HTTPResponse.ok(body: response, setCookie: bound.created ? "session=\(bound.sessionID)" : nil)
    }

    /// Returns once the request being processed (if any) has finished, so its response is handed to
    /// the event loop before the server shuts the loop down.
    func drain() async {
        await gate.enter()
        gate.leave()
    }

    func connectionClosed(_ connection: CookieSessionBinding.ConnectionID) {
        binding.connectionClosed(connection)
    }
}
