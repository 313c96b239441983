/// Why the device could not be served on a Bluetooth adapter; each carries what a user needs to act.
public enum PeripheralFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// No adapter of that name under bluetoothd (or bluetoothd is not running).
    case adapterNotFound(adapter: String, available: [String])
    /// The adapter lacks GattManager1 or LEAdvertisingManager1 (no LE, or bluetoothd too old).
    case notCapable(adapter: String, missing: String)
    /// bluetoothd refused a call; `step` names it, `reason` is its error.
    case refused(step: String, reason: String)

    /// The sentence esp-prov-device prints after "cannot serve BLE on ADAPTER:".
    public var description: String {
        switch self {
        case .adapterNotFound(let adapter, let available):
            return "Bluetooth adapter \(adapter) not found"
                + (available.isEmpty ? " (bluetoothd lists none: is it running, and the controller up?)" : "; available: \(available.joined(separator: ", "))")
        case .notCapable(let adapter, let missing):
            return "\(adapter) cannot be a BLE peripheral: bluetoothd offers no \(missing) on it (needs LE and BlueZ ≥ 5.50)"
        case .refused(let step, let reason):
            return "bluetoothd refused \(step): \(reason)"
        }
    }
}
