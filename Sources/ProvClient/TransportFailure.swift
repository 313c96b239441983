/// A device that could not be reached, or a link that failed, as facts a program can act on: what
/// failed (`what`), with the address, endpoint, adapter or cause it concerns. `description` words
/// them as esp-prov has always printed them; a front end words the remedies through `rewording(_:)`.
public struct TransportFailure: FailureFacts, Equatable {
    /// Why a connection could not be opened.
    public enum ConnectCause: Sendable, Hashable {
        /// Nothing answered within `limit`.
        case timedOut(limit: Duration)
        /// The host name could not be resolved.
        case cannotResolve
        /// The peer refused the connection.
        case refused
        /// The system's own words (an errno's text).
        case system(String)
    }

    /// What was wrong with an answer typed or pasted on the console.
    public enum ConsoleAnswerProblem: Sendable, Hashable {
        /// The input ended before an answer came.
        case inputEnded
        /// The line was empty.
        case empty
        /// The line is not hex.
        case notHex
    }

    /// What failed.
    public enum What: Sendable, Equatable {
        /// No connection to the service `address` could be opened.
        case cannotConnect(address: String, cause: ConnectCause)
        /// After the connection dropped and was opened again, the device no longer knew the session.
        case sessionForgotten
        /// The device answered `endpoint` with an HTTP error `status`.
        case errorStatus(Int, endpoint: String)
        /// The BLE transport was already closed.
        case closed
        /// A request to `endpoint` of `size` bytes does not fit a BLE characteristic (`limit`).
        case requestTooLarge(endpoint: String, size: Int, limit: Int)
        /// The BLE device `name` at `address` disconnected during a request to `endpoint`.
        case disconnected(name: String, address: String, endpoint: String)
        /// No Bluetooth adapter is called `name`; `available` are those BlueZ lists.
        case adapterNotFound(name: String, available: [String])
        /// The adapters that could be used (named, or all of them) are powered off.
        case adapterPoweredOff([String])
        /// The BLE device `name` was not found on `adapter` within `scanTimeout`; `seen` names the
        /// devices that were seen advertising.
        case deviceNotFound(name: String, adapter: String, scanTimeout: Duration, seen: [String])
        /// The BLE device `name` at `address` was not seen advertising within `scanTimeout`, and a
        /// connection attempt failed (`cause`).
        indirect case notAdvertisingNorAnswering(name: String, address: String, scanTimeout: Duration, cause: ProvError)
        /// The BLE device `name` at `address` was not found again after a failed connection attempt (`cause`).
        indirect case disappeared(name: String, address: String, cause: ProvError)
        /// The BLE device `name` dropped the connection while its services were being resolved.
        case droppedWhileResolvingServices(name: String)
        /// The device insists on an encrypted link, and pairing did not help (`cause`, as BlueZ said it).
        case pairingDidNotHelp(cause: String)
        /// The device rejected the request to `endpoint` as malformed (`cause`, as BlueZ said it).
        case rejectedAsMalformed(endpoint: String, cause: String)
        /// A BlueZ call (`doing`) failed with `cause`.
        case bluezFailed(doing: String, cause: String)
        /// The D-Bus connection to BlueZ was lost during `doing`.
        case dbusLost(doing: String)
        /// D-Bus does not allow this user to use BlueZ (`reason`, as D-Bus said it).
        case bluezAccessDenied(reason: String)
        /// A BLE scan found no device to choose from.
        case noDevicesFound
        /// The user did not confirm the manual BLE setup of the console transport.
        case consoleNotConfirmed
        /// The answer typed or pasted for `endpoint` could not be used.
        case consoleAnswer(endpoint: String, ConsoleAnswerProblem)
        /// The adapter lock at `path` could not be opened (`opening`) or taken, for `reason`.
        case adapterLock(path: String, opening: Bool, reason: String)
        /// `device` offers no provisioning service; `services` are the GATT services it has.
        case serviceNotFound(device: String, services: [String])
        /// Words given by the caller (a front end or a test) instead of facts.
        case described(ProvMessage)
    }

    /// What failed.
    public let what: What
    /// The remedies in a front end's words, once it has worded them (`rewording(_:)`).
    public var remedyWording = RemedyWording()

    /// A failure with these facts.
    public init(_ what: What) { self.what = what }

    /// A failure described in a front end's (or a test's) own words.
    public init(_ message: ProvMessage) { self.init(.described(message)) }

    /// The caller's own words, when they describe this failure.
    public var describedMessage: ProvMessage? { if case .described(let message) = what { message } else { nil } }

    /// The facts in esp-prov's words, remedies as values.
    public var neutralMessage: ProvMessage {
        switch what {
        case .cannotConnect(let address, let cause):
            return "cannot connect to \(address): \(Self.words(for: cause)); "
                + "\(Remedy.checkServiceAddress) and that this machine is on the device's network"
        case .sessionForgotten:
            return "the connection dropped, and after reconnecting the device no longer knows this session "
                + "(it may have restarted or served another client); run esp-prov again"
        case .errorStatus(let status, let endpoint):
            return "Server responded with error code \(status) to '\(endpoint)'"
        case .closed:
            return "BLE transport is closed"
        case .requestTooLarge(let endpoint, let size, let limit):
            return "request to '\(endpoint)' is \(size) bytes; a BLE characteristic holds at most \(limit)"
        case .disconnected(let name, let address, let endpoint):
            return "device disconnected (\(name), \(address)) during '\(endpoint)'"
        case .adapterNotFound(let name, let available):
            return "Bluetooth adapter \(name) not found; available: \(available.joined(separator: ", "))"
        case .adapterPoweredOff(let adapters):
            return "Bluetooth adapter \(adapters.joined(separator: ", ")) is powered off: run `bluetoothctl power on` and retry"
        case .deviceNotFound(let name, let adapter, let scanTimeout, let seen):
            return "BLE device '\(name)' not found on \(adapter) within \(scanTimeout); "
                + (seen.isEmpty ? "no devices were seen advertising" : "devices seen: \(seen.joined(separator: ", "))")
        case .notAdvertisingNorAnswering(let name, let address, let scanTimeout, let cause):
            return "\(name) (\(address)) was not seen advertising within \(scanTimeout) and did not answer "
                + "a connection attempt (\(cause)): is it powered, in range and still provisioning?"
        case .disappeared(let name, let address, let cause):
            return "\(name) (\(address)) disappeared after a failed connection attempt: \(cause)"
        case .droppedWhileResolvingServices(let name):
            return "\(name) dropped the connection while its services were being resolved"
        case .pairingDidNotHelp(let cause):
            return "device requires an encrypted link and pairing did not help: \(cause)"
        case .rejectedAsMalformed(let endpoint, let cause):
            return "device rejected the request to '\(endpoint)' as malformed: \(cause)"
        case .bluezFailed(let doing, let cause):
            return "\(doing) failed: \(cause)"
        case .dbusLost(let doing):
            return "lost the D-Bus connection to BlueZ during \(doing)"
        case .bluezAccessDenied(let reason):
            return "not allowed to use BlueZ over D-Bus (\(reason)); run as a member of the 'bluetooth' group or as root"
        case .noDevicesFound:
            return "No devices found!"
        case .consoleNotConfirmed:
            return "Failed to initialize transport: the manual BLE setup was not confirmed"
        case .consoleAnswer(let endpoint, .inputEnded):
            return "no answer for '\(endpoint)': input ended (EOF)"
        case .consoleAnswer(let endpoint, .empty):
            return "empty answer for '\(endpoint)': paste the device's reply as hex"
        case .consoleAnswer(let endpoint, .notHex):
            return "the answer for '\(endpoint)' is not hex (use 0-9, a-f; an even number of digits)"
        case .adapterLock(let path, true, let reason):
            return "cannot open the adapter lock \(path): \(reason)"
        case .adapterLock(let path, false, let reason):
            return "cannot lock \(path): \(reason)"
        case .serviceNotFound(let device, let services):
            let found = services.joined(separator: ", ")
            return "provisioning service not found on \(device) (GATT services: \(found.isEmpty ? "none" : found))"
        case .described(let message):
            return message
        }
    }

    private static func words(for cause: ConnectCause) -> String {
        switch cause {
        case .timedOut(let limit): "no answer within \(limit.seconds) s"
        case .cannotResolve: "cannot resolve the host name"
        case .refused: "connection refused"
        case .system(let text): text
        }
    }
}
