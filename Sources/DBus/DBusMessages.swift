/// A signal received from the bus.
public struct DBusSignal: Sendable, Equatable {
    /// Unique name (`:1.42`) of the connection that emitted it.
    public var sender: String
    /// Object that emitted it, so one subscription can serve many objects (devices).
    public var path: String
    /// Interface, to tell `PropertiesChanged` of a device from that of an adapter.
    public var interface: String
    /// Signal name.
    public var member: String
    /// Body values, decoded lazily by the subscriber that knows their types.
    public var arguments: [DBusValue]

    /// Public so tests and the fake BlueZ can build signals without a bus.
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
    /// Which exported object the caller addressed: one handler may serve several.
    public var path: String
    /// Empty when the caller did not name an interface (allowed by the D-Bus spec).
    public var interface: String
    /// Method name the handler dispatches on.
    public var member: String
    /// Body values, checked by the handler against the method's signature.
    public var arguments: [DBusValue]
}

/// What an exported object's handler returns for a call: the reply body, or an error reply.
public typealias DBusMethodHandler = @Sendable (DBusMethodCall) async throws -> [DBusValue]
