import ProvClient
import DBus

/// Turns D-Bus/BlueZ failures into `ProvError`s that say what to do next.
enum BlueZErrorAdvice {
    /// Whether the failure means bluetoothd is absent from the bus.
    static func isBlueZMissing(_ failure: DBusFailure) -> Bool {
        failure.name == DBusErrorName.serviceUnknown || failure.name == DBusErrorName.nameHasNoOwner
    }

    /// The generic mapping; `doing` names the step (`StartDiscovery on hci0`).
    static func provError(_ error: Error, doing: String, adapter: String? = nil) -> ProvError {
        if let provError = error as? ProvError { return provError }
        if error is CancellationError { return .timeout(TimeoutFailure(.cancelled(doing: doing))) }
        guard let failure = error as? DBusFailure else { return .transport(TransportFailure(.bluezFailed(doing: doing, cause: "\(error)"))) }
        if isBlueZMissing(failure) { return .bluetoothUnavailable(BluetoothUnavailable(.bluetoothdNotRunning)) }
        switch failure {
        case .libraryNotFound, .libraryUnusable:
            return .bluetoothUnavailable(BluetoothUnavailable(.libdbusUnusable(failure: "\(failure)")))
        case .connectionFailed(let why):
            return .bluetoothUnavailable(BluetoothUnavailable(.noSystemBus(why: why)))
        case .disconnected:
            return .transport(TransportFailure(.dbusLost(doing: doing)))
        case .timedOut:
            return .timeout(TimeoutFailure(.bluez(doing: doing)))
        case .error(let name, let message) where name == DBusErrorName.accessDenied:
            return .transport(TransportFailure(.bluezAccessDenied(reason: message)))
        case .error(let name, _) where name == BlueZ.ErrorName.notReady:
            return .transport(TransportFailure(.adapterPoweredOff([adapter ?? "adapter"])))
        default:
            return .transport(TransportFailure(.bluezFailed(doing: doing, cause: "\(failure)")))
        }
    }

    /// Whether a GATT failure asks for an encrypted (paired) link: BlueZ maps ATT "Insufficient
    /// Authentication/Encryption/Key Size" to `NotPermitted: Not paired`; older versions used
    /// `NotPaired`, and some paths report `Failed` with the ATT text.
    static func needsPairing(_ failure: DBusFailure) -> Bool {
        guard case .error(let name, let message) = failure else { return false }
        let text = message.lowercased()
        switch name {
        case BlueZ.ErrorName.notPaired, BlueZ.ErrorName.authenticationRequired:
            return true
        case BlueZ.ErrorName.notPermitted:
            return !text.contains("read not permitted") && !text.contains("write not permitted")
        case BlueZ.ErrorName.failed:
            return text.contains("insufficient authentication") || text.contains("insufficient encryption")
                || text.contains("0x05") || text.contains("0x0f") || text.contains("0x0c")
        default:
            return false
        }
    }

    /// Whether the failure is an ATT error response from the device (protocomm refused the
    /// request: bad handshake, wrong PoP, decrypt failure, …).
    static func isATTError(_ failure: DBusFailure) -> Bool {
        guard case .error(let name, let message) = failure, name == BlueZ.ErrorName.failed else { return false }
        return message.contains("ATT error") || message == "Operation failed"
    }

    /// Whether the failure says the link is gone.
    static func isNotConnected(_ failure: DBusFailure) -> Bool {
        guard case .error(let name, let message) = failure else { return false }
        return name == BlueZ.ErrorName.notConnected || name == DBusErrorName.unknownObject
            || (name == BlueZ.ErrorName.failed && message.lowercased().contains("not connected"))
    }
}
