/// Which signals a subscription wants, as a D-Bus match rule.
///
/// The bus daemon filters with the rule string; because one connection may hold several
/// subscriptions, the same rule is also applied locally to route each signal to the right stream.
public struct DBusMatchRule: Sendable, Equatable {
    /// Well-known (`org.bluez`) or unique (`:1.7`) name of the emitter.
    public var sender: String?
    /// Interface of the signal; nil matches every interface.
    public var interface: String?
    /// Signal name; nil matches every signal of the interface.
    public var member: String?
    /// Exact object path.
    public var path: String?
    /// Object path prefix: the path itself and everything below it.
    public var pathNamespace: String?
    /// First argument, when it is a string (PropertiesChanged's interface name).
    public var arg0: String?

    /// Every part optional, so a rule can be as narrow as the caller needs and no narrower.
    public init(
        sender: String? = nil, interface: String? = nil, member: String? = nil,
        path: String? = nil, pathNamespace: String? = nil, arg0: String? = nil
    ) {
        self.sender = sender
        self.interface = interface
        self.member = member
        self.path = path
        self.pathNamespace = pathNamespace
        self.arg0 = arg0
    }

    /// The rule in the daemon's syntax (`type='signal',sender='org.bluez',…`).
    public var ruleString: String {
        var parts = ["type='signal'"]
        func add(_ key: String, _ value: String?) {
            // Values are validated names/paths, which cannot contain quotes.
            if let value { parts.append("\(key)='\(value)'") }
        }
        add("sender", sender)
        add("interface", interface)
        add("member", member)
        add("path", path)
        add("path_namespace", pathNamespace)
        add("arg0", arg0)
        return parts.joined(separator: ",")
    }

    /// Rejects names and paths the daemon would refuse (`wire` holds libdbus's validators).
    func validate(with wire: DBusWire) throws {
        if let sender, !wire.isValidBusName(sender) { throw DBusFailure.invalidValue("bus name '\(sender)'") }
        if let interface, !wire.isValidInterface(interface) { throw DBusFailure.invalidValue("interface '\(interface)'") }
        if let member, !wire.isValidMember(member) { throw DBusFailure.invalidValue("member '\(member)'") }
        if let path, !wire.isValidPath(path) { throw DBusFailure.invalidValue("object path '\(path)'") }
        if let pathNamespace, !wire.isValidPath(pathNamespace) {
            throw DBusFailure.invalidValue("object path '\(pathNamespace)'")
        }
        if let arg0, arg0.contains("'") || arg0.utf8.contains(0) { throw DBusFailure.invalidValue("arg0 '\(arg0)'") }
    }

    /// Local routing. `senderOwner` is the unique name currently owning a well-known `sender`.
    func matches(_ signal: DBusSignal, senderOwner: String?) -> Bool {
        if let sender, signal.sender != sender, signal.sender != senderOwner { return false }
        if let interface, signal.interface != interface { return false }
        if let member, signal.member != member { return false }
        if let path, signal.path != path { return false }
        if let pathNamespace, !Self.path(signal.path, isIn: pathNamespace) { return false }
        if let arg0 {
            guard let first = signal.arguments.first, case .string(let value) = first, value == arg0 else { return false }
        }
        return true
    }

    static func path(_ path: String, isIn namespace: String) -> Bool {
        if namespace == "/" || path == namespace { return true }
        return path.hasPrefix(namespace + "/")
    }
}
