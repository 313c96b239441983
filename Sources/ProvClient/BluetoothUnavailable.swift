/// Why this machine cannot do BLE at all, as facts a program can act on (`cause`), with what the
/// caller can do instead (`remedies`: SoftAP, the console transport). `description` words them as
/// esp-prov has always printed them; a front end words the remedies through `rewording(_:)`.
public struct BluetoothUnavailable: FailureFacts, Hashable {
    /// Why BLE cannot be used.
    public enum Cause: Sendable, Hashable {
        /// Nothing owns BlueZ's name on the system bus: bluetoothd is not running.
        case bluetoothdNotRunning
        /// libdbus could not be loaded or used (`failure` says how), so BlueZ cannot be reached.
        case libdbusUnusable(failure: String)
        /// The D-Bus system bus could not be reached (`why`, as libdbus said it).
        case noSystemBus(why: String)
        /// BlueZ lists no Bluetooth adapter.
        case noAdapter
        /// Words given by the caller (a front end or a test) instead of facts.
        case described(ProvMessage)
    }

    /// Why BLE cannot be used.
    public let cause: Cause
    /// The remedies in a front end's words, once it has worded them (`rewording(_:)`).
    public var remedyWording = RemedyWording()

    /// BLE unavailable for `cause`.
    public init(_ cause: Cause) { self.cause = cause }

    /// Unavailability described in a front end's (or a test's) own words.
    public init(_ message: ProvMessage) { self.init(.described(message)) }

    /// The caller's own words, when they describe this failure.
    public var describedMessage: ProvMessage? { if case .described(let message) = cause { message } else { nil } }

    /// The facts in esp-prov's words, remedies as values.
    public var neutralMessage: ProvMessage {
        switch cause {
        case .bluetoothdNotRunning:
            return "BlueZ (bluetoothd) is not running on the system bus: start it (`systemctl start bluetooth`) "
                + "or \(Remedy.provisionOverConsole)"
        case .libdbusUnusable(let failure):
            return "\(failure); BLE needs it to reach BlueZ. Or \(Remedy.useSoftAPOrConsoleTransport)"
        case .noSystemBus(let why):
            return "cannot reach the D-Bus system bus (\(why)); is dbus running? Or \(Remedy.useConsoleTransport)"
        case .noAdapter:
            return "no Bluetooth adapter found: BlueZ lists none (is the controller plugged in and not blocked by rfkill?)"
        case .described(let message):
            return message
        }
    }
}
