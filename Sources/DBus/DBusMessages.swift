/// A signal received from the bus.
public struct DBusSignal: Sendable, Equatable {
    /// Unique name (`:1.42`) of the connection that emitted it.
    public var sender: String
    public var path: String
    public var interface: String
    public var member: String
    public var arguments: [DBusValue]

    public init(sender: String, path: String, interface: String, member: String, arguments: [DBusValue]) {
        self.sender = sender
        self.path = path
        self.interface = interface
        self.member = member
        self.arguments = arguments
    }
}

/// A method call addressed to an object this connection exports.
public struct DBusMethodCall: Sendable, Equatable {
    /// Unique name of the caller; useful to tie state (a registered agent, a discovery session)
    /// to the client that created it.
    public var sender: String
    public var path: String
    /// Empty when the caller did not name an interface (allowed by the D-Bus spec).
    public var interface: String
    public var member: String
    public var arguments: [DBusValue]
}

/// What an exported object's handler returns for a call: the reply body, or an error reply.
public typealias DBusMethodHandler = @Sendable (DBusMethodCall) async throws -> [DBusValue]
