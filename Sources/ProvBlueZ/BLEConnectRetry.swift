import DBus

/// BlueZ's well-known connect flake: `Device1.Connect` to a board that is busy advertising often fails
/// with `org.bluez.Error.Failed: le-connection-abort-by-local` (or `InProgress` while a previous attempt
/// winds down), and the next try normally succeeds. esp_prov runs fail on it; esp-prov tries again a
/// few times, each after a short pause, all inside the connect deadline, and tells `-v` about each try.
struct BLEConnectRetry: Sendable {
    /// Tries after the first.
    var retries: Int
    var pause: Duration

    /// Whether `error` is the flake (and so worth another try) rather than a real refusal.
    static func isFlake(_ error: any Error) -> Bool {
        guard case DBusFailure.error(let name, let message) = error else { return false }
        return name == BlueZ.ErrorName.inProgress || (name == BlueZ.ErrorName.failed && message.contains("le-connection-abort-by-local"))
    }

    /// Runs `connect`, again after each flake while tries remain; any other error, or the last flake, is thrown.
    func run(log: (String) -> Void, _ connect: () async throws -> Void) async throws {
        var retry = 0
        while true {
            do {
                return try await connect()
            } catch where Self.isFlake(error) && retry < retries {
                retry += 1
                log("Device1.Connect failed (\(error)), BlueZ's known connect flake; retry \(retry) of \(retries) in \(pause)")
                try await Task.sleep(for: pause)
            }
        }
    }
}
